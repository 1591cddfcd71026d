"""Figures: matplotlib only. Each figure is saved with the data it draws and its caption."""
