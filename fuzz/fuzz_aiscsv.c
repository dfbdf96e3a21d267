/* fuzz_aiscsv.c - libFuzzer target: NOAA/DMA AIS CSV (header + rows) through the parsers into a detect engine. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "vigil/detect.h"
#include "vigil/error.h"
#include "vigil/input.h"

const char vigil_fuzz_name[] = "aiscsv";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(void *ctx, struct vigil_event *e)
{
	char buf[16384];

	(void)ctx;
	vigil_event_json(e, NULL, 0, 0, buf, sizeof(buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct vigil_csv_map m;
	struct vigil_detect_params p;
	struct vigil_detect_hooks h;
	struct vigil_detect *d;
	int have = 0, err;

	vigil_detect_params_default(&p);
	memset(&h, 0, sizeof(h));
	h.emit = sink;
	d = vigil_detect_new(&p, &h, &err);
	if (!d)
		return 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		vigil_input_time(s, n);
		if (!have) {
			have = vigil_input_csv_header(s, n, &m) == VIGIL_E_OK;
		} else {
			struct vigil_input_rec r[2];
			int k = vigil_input_csv_row(&m, s, n, r), i;

			if (k > 2)
				__builtin_trap();
			for (i = 0; i < k; i++) {
				if (r[i].kind == 1)
					vigil_detect_fix(d, &r[i].fix, r[i].dupkey);
				else if (r[i].kind == 2)
					vigil_detect_static(d, &r[i].st, r[i].dupkey);
			}
		}
		s += n + (nl != NULL);
	}
	vigil_detect_finish(d);
	vigil_detect_free(d);
	return 0;
}
