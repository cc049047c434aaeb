"""Run ralph's LRS on 127.0.0.1 with its file backend appending to one file.

Run with the Python of ralph's own virtual environment: serve.py PORT FOLDER AUTH_FILE.
Ralph's file backend creates its file by default and refuses a second write to it, so the
default operation is switched to append before the app loads.
"""

import os
import sys

port, folder, auth = int(sys.argv[1]), sys.argv[2], sys.argv[3]
os.environ.update({
    "RALPH_RUNSERVER_BACKEND": "fs",
    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": folder,
    "RALPH_AUTH_FILE": auth,
    "RALPH_SENTRY_DSN": "",
})

from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.data.fs import FSDataBackend  # noqa: E402

FSDataBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402

uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning")
