/* engine/model/model_io.h — helpers shared by the model's readers and
 * writers (load.c, write_yaml.c, import_csv.c, override_load.c): bounded
 * file reading, running under the C locale, and a model's file in memory. */
#ifndef CRQ_MODEL_IO_H
#define CRQ_MODEL_IO_H

#include <locale.h>
#include <stddef.h>

#include "crq/model.h"
#include "crq/status.h"

/* Switches the calling thread to the C locale (so strtod and printf use
 * '.') and switches GSL's aborting error handler off, once per process.
 * Returns the previous locale for crq_c_locale_leave. */
locale_t crq_c_locale_enter(void);
void crq_c_locale_leave(locale_t previous);

/* Reads a whole file of at most CRQ_YAML_MAX_BYTES into *data (NUL
 * terminated, free with free()). Reports CRQ_ERR_IO or CRQ_ERR_LIMIT. */
crq_status crq_read_text_file(const char *path, crq_diags *diags, char **data,
                              size_t *len);

/* The model file crq_model_write_yaml writes, in memory (*text
 * NUL-terminated, free with free(); NULL on failure); out of memory is
 * reported in diags. */
crq_status crq_model_yaml_text(const crq_model *model, crq_diags *diags,
                               char **text, size_t *len);

#endif
