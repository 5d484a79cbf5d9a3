#!/bin/sh
# The git filter that keeps notebooks clean (.gitattributes; defined by `make git-filter`): a
# notebook on standard input goes out on standard output without outputs, execution counts or
# the saving Python's version; with file names, those files are stripped in place (see
# helpers/notebook_clean.py). Git runs it at the top of the work tree, so each work tree uses its
# own .venv.
if [ -x .venv/bin/python ] && .venv/bin/python -c "import nbstripout, helpers.notebook_clean" 2>/dev/null; then
  exec .venv/bin/python -m helpers.notebook_clean "$@"
fi
echo "warning: .venv lacks nbstripout or the helpers package (run make setup): notebook left as saved" >&2
[ $# -eq 0 ] && exec cat
exit 0
