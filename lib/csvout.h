/* csvout.h - CSV rows for position reports and static data (internal, used by 'vigil decode'). */
#ifndef VIGIL__CSVOUT_H
#define VIGIL__CSVOUT_H

#include <stddef.h>

#include "vigil/ais.h"
#include "vigil/nmea.h"

/*
 * Write the header line into buf (caller-owned, cap bytes). Returns its length,
 * or 0 if it did not fit. The columns are documented in docs/decode.md.
 */
size_t vigil__csv_header(char *buf, size_t cap);

/*
 * Write one CSV line for a decoded message into buf (caller-owned). Returns the
 * line's length, or 0 when the message type has no row (not a position report
 * or static data) or the line did not fit.
 */
size_t vigil__csv_row(const struct vigil_nmea_msg *nm, const struct vigil_ais_msg *m,
		      char *buf, size_t cap);

/* ISO 8601 UTC with milliseconds ("2012-01-31T05:07:02.151Z") into b; length or 0. */
size_t vigil__csv_iso_ms(char *b, size_t cap, int64_t ms);

#endif
