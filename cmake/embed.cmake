# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake
# Turns a data file into a C array (NUL-terminated) so the library ships
# its data (the KPI catalogue) without looking for files at run time.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n  " bytes "${bytes}")
file(WRITE "${OUT}" "/* Generated from ${IN} by cmake/embed.cmake; do not edit. */\n#include <stddef.h>\nextern const char ${NAME}[];\nextern const size_t ${NAME}_size;\nconst char ${NAME}[] = {\n  ${bytes}0x00};\nconst size_t ${NAME}_size = sizeof ${NAME} - 1;\n")
