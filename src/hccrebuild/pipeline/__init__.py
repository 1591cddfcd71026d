"""The build, never imported by notebooks: the command line, the task graph and its engine, notebook
runs, publishing, the deck's export and vendoring, and reviews across builds."""
