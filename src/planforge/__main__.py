"""`python -m planforge` runs the command-line interface."""

from planforge.cli import main

if __name__ == "__main__":
    main()
