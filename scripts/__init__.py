"""Developer and evaluation commands, run from the repository root as modules
(`python -m scripts.<name>`), so they import the project's packages without path edits."""
