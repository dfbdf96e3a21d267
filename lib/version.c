/* version.c - the library's version. */
#include "vigil/vigil.h"

const char *vigil_version(void)
{
	return VIGIL_VERSION;
}
