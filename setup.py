"""Build the optional C writer; everything else about the package is in pyproject.toml.

The extension is optional: where no C compiler is at hand, or where the environment
variable ``AIGOVERNANCE_NO_EXTENSIONS`` is set to anything but empty, the package
installs without it and writes JSON in Python (and with msgspec, when installed).
"""

import os

from setuptools import Extension, setup

extensions = []
if not os.environ.get("AIGOVERNANCE_NO_EXTENSIONS"):
    extensions.append(
        Extension(
            "aigovernance.serialization._speedups",
            ["src/aigovernance/serialization/_speedups.c"],
            optional=True,
        )
    )

setup(ext_modules=extensions)
