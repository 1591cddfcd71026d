"""Pure analysis: frames in, frames or dataclasses out. No files written, no HTML."""
