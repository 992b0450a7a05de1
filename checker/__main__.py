"""`python -m checker` is the `typed-ai-rustlings` command."""

import sys

from checker.cli import main

sys.exit(main())
