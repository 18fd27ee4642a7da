#!/usr/bin/env bash
# POST /mcp/v1/documents: upload files (multipart/form-data); all or nothing; 201 with each file's ids.
. "$(dirname "$0")/common.sh"
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
printf '# Release notes\n\nVersion 2 adds streaming.\n' > "$dir/notes.md"
printf 'name,role\nAda,engineer\nGrace,admiral\n' > "$dir/people.csv"
echo "== POST /mcp/v1/documents (2 files, shared tags)"
q POST /mcp/v1/documents -F "file=@$dir/notes.md" -F "file=@$dir/people.csv" -F "tags=uploaded,curl" -F "author=curl"
