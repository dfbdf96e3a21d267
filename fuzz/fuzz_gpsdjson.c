/* fuzz_gpsdjson.c - libFuzzer target: gpsd JSON lines to engine records. */
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "vigil/input.h"

const char vigil_fuzz_name[] = "gpsdjson";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		struct vigil_input_rec r[2];
		int k = vigil_input_gpsd(s, n, 1700000000000LL, r), i;

		if (k > 2)
			__builtin_trap();
		for (i = 0; i < k; i++)
			if (r[i].kind == 2 && (memchr(r[i].st.name, 0, sizeof(r[i].st.name)) == NULL ||
					       memchr(r[i].st.callsign, 0, sizeof(r[i].st.callsign)) == NULL))
				__builtin_trap();
		s += n + (nl != NULL);
	}
	return 0;
}
