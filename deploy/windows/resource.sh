#!/bin/sh
# resource.sh APP "DESCRIPTION" VERSION: writes cmd/APP/rsrc_windows_amd64.syso
# (icon and version information of APP.exe) with mingw-w64's windres.
# `make dist` runs it before each Windows build and deletes the file after.
set -eu
app=$1 desc=$2 version=$3
dir=$(dirname "$0")
# FILEVERSION wants four numbers: take them from a tag like v1.2.3, else 0.0.0.0
nums=$(printf '%s' "$version" | sed -n 's/^v\{0,1\}\([0-9]\{1,\}\)\.\([0-9]\{1,\}\)\.\([0-9]\{1,\}\).*/\1,\2,\3,0/p')
[ -n "$nums" ] || nums=0,0,0,0
rc=$(mktemp --suffix=.rc)
trap 'rm -f "$rc"' EXIT
cat > "$rc" <<RC
1 ICON "$(cd "$dir" && pwd)/motcua.ico"
1 VERSIONINFO
FILEVERSION $nums
PRODUCTVERSION $nums
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "042a04b0"
    BEGIN
      VALUE "CompanyName", "motcua"
      VALUE "FileDescription", "$desc"
      VALUE "FileVersion", "$version"
      VALUE "InternalName", "$app"
      VALUE "OriginalFilename", "$app.exe"
      VALUE "ProductName", "Một cửa (motcua)"
      VALUE "ProductVersion", "$version"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x042a, 1200
  END
END
RC
x86_64-w64-mingw32-windres -c 65001 -i "$rc" -O coff -o "cmd/$app/rsrc_windows_amd64.syso"
