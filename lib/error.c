/* error.c - strings for the error enum. */
#include "vigil/error.h"

static const char *const err_str[] = {
#define VIGIL__STR(name, str) str,
	VIGIL_ERRORS(VIGIL__STR)
#undef VIGIL__STR
};

static const char *const err_name[] = {
#define VIGIL__NAME(name, str) #name,
	VIGIL_ERRORS(VIGIL__NAME)
#undef VIGIL__NAME
};

const char *vigil_strerror(int err)
{
	if (err < 0 || err >= VIGIL_E__COUNT)
		return "unknown error";
	return err_str[err];
}

const char *vigil_errname(int err)
{
	if (err < 0 || err >= VIGIL_E__COUNT)
		return "UNKNOWN";
	return err_name[err];
}
