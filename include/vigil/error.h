/* error.h - vigil's one error enum; its strings come from the same X-macro list. */
#ifndef VIGIL_ERROR_H
#define VIGIL_ERROR_H

/*
 * The list only grows: append new codes at the end, never renumber.
 * Bad input that a decoder can skip is not an error; it is counted.
 */
#define VIGIL_ERRORS(X) \
	X(OK, "success") \
	X(NOMEM, "out of memory") \
	X(INVAL, "invalid argument") \
	X(PARSE, "malformed input") \
	X(CHECKSUM, "bad checksum") \
	X(LENGTH, "bad length") \
	X(TOOBIG, "input exceeds a configured limit") \
	X(INCOMPLETE, "incomplete input; feed more") \
	X(UNSUPPORTED, "unsupported input") \
	X(RANGE, "value out of range") \
	X(ENCODING, "invalid character encoding") \
	X(FORMAT, "unknown or unrecognised file format") \
	X(FULL, "table full") \
	X(NOTFOUND, "not found") \
	X(IO, "input/output error") \
	X(XML, "malformed XML") \
	X(JSON, "malformed JSON") \
	X(CSV, "malformed CSV") \
	X(NOTIME, "no time source in input") \
	X(NETWORK, "network error") \
	X(STATE, "operation not valid in this state")

typedef enum vigil_err {
#define VIGIL__ENUM(name, str) VIGIL_E_##name,
	VIGIL_ERRORS(VIGIL__ENUM)
#undef VIGIL__ENUM
	VIGIL_E__COUNT
} vigil_err;

/* Return a static English string for an error code; never NULL. */
const char *vigil_strerror(int err);

/* Return the code's short name ("PARSE"); never NULL. */
const char *vigil_errname(int err);

#endif
