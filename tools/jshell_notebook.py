#!/usr/bin/env python3
"""Writes examples/notebooks/sure4j-quickstart.ipynb from the examples/jshell scripts.

Each script is split into cells at blank lines; JShell commands (lines starting with '/', such as
/exit) are left out. The notebook starts with imports.jsh and then has the numbered scripts in
order, each after a markdown cell naming it. JShellNotebookTest checks that the code cells equal
the scripts' cells, so run this again after editing a script:

    python3 tools/jshell_notebook.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "examples" / "jshell"
OUT = ROOT / "examples" / "notebooks" / "sure4j-quickstart.ipynb"


def cells(path):
    out, block = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("/"):
            if block:
                out.append("\n".join(block))
                block = []
        else:
            block.append(line)
    if block:
        out.append("\n".join(block))
    return out


def markdown(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def code(text):
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": text.splitlines(keepends=True),
    }


def main():
    nb_cells = [
        markdown(
            "# sure4j quickstart\n\n"
            "The cells of `examples/jshell/*.jsh`, for the IJava kernel. Start Jupyter from the "
            "repository root with sure4j on the kernel's class path:\n\n"
            "```\n./sure4j --help   # builds sure4j-cli/target once\n"
            "IJAVA_CLASSPATH=\"sure4j-cli/target/classes:sure4j-cli/target/lib/*\" jupyter notebook\n```\n\n"
            "The cells find the bundled files through the system property `sure4j.root` (default "
            "`.`); the kernel runs in this notebook's folder, so first run "
            "`System.setProperty(\"sure4j.root\", \"../..\")` in a cell of your own. "
            "See docs/jshell.md. The first code cell holds the imports that `./sure4j shell` loads "
            "at start-up."
        )
    ]
    nb_cells += [code(c) for c in cells(SCRIPTS / "imports.jsh")]
    for script in sorted(SCRIPTS.glob("[0-9][0-9]-*.jsh")):
        nb_cells.append(markdown("## " + script.name))
        nb_cells += [code(c) for c in cells(script)]
    notebook = {
        "cells": nb_cells,
        "metadata": {
            "kernelspec": {"display_name": "Java", "language": "java", "name": "java"},
            "language_info": {
                "codemirror_mode": "java",
                "file_extension": ".jshell",
                "mimetype": "text/x-java-source",
                "name": "Java",
                "pygments_lexer": "java",
                "version": "17",
            },
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
