/* vigil.h - umbrella header and version of the vigil library. */
#ifndef VIGIL_H
#define VIGIL_H

#define VIGIL_VERSION "0.1.0"
#define VIGIL_VERSION_NUM 0x000100

#include "vigil/error.h"

/* Return the library's version string (may differ from the header's if linked dynamically). */
const char *vigil_version(void);

#endif
