/* fuzz_report.c - libFuzzer target for `vigil report`'s event-line parser, table and texts (lib/report.c). */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/geo.h"
#include "vigil/report.h"

const char vigil_fuzz_name[] = "report";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vigil_json_tok tok[VIGIL_REPORT_TOKENS];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct vigil_report_event e;
	struct vigil_report_run run;
	struct vigil_report_table t;
	struct vigil_report_filter f;
	struct vigil_geo g;
	struct vigil_geo_place p;
	size_t rows[VIGIL_REPORT_MAXV], order[4], i, n;
	uint32_t self[VIGIL_REPORT_MAXV];
	char buf[512];

	memset(&run, 0, sizeof(run));
	memset(&f, 0, sizeof(f));
	memset(&p, 0, sizeof(p));
	vigil_geo_init(&g);
	p.lat = 39.0;
	p.lon = 125.2;
	p.radius_km = 8;
	p.kind = VIGIL_GEO_PORT;
	strcpy(p.name, "Nampo");
	vigil_geo_add_place(&g, &p);
	if (size && data[0] == 'V')
		f.vessel = "ANGARA";
	if (vigil_report_table_init(&t, 4) != VIGIL_E_OK) {
		vigil_geo_release(&g);
		return 0;
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		int kind = 0;

		if (vigil_report_line(s, len, tok, VIGIL_REPORT_TOKENS, &g, &run, &e, &kind, NULL) == VIGIL_E_OK &&
		    kind == VIGIL_REPORT_EVENT && vigil_report_pass(&f, &e)) {
			n = vigil_report_table_add(&t, &f, &e, rows, self);
			for (i = 0; i < n; i++) {
				if (vigil_report_finding(&e, self[i], buf, sizeof(buf)) >= sizeof(buf) ||
				    strlen(buf) >= sizeof(buf) || rows[i] >= t.n)
					__builtin_trap();
			}
			if (vigil_report_evidence(&e, buf, sizeof(buf)) >= sizeof(buf))
				__builtin_trap();
			if (strlen(e.what) >= sizeof(e.what) || strlen(e.id) >= sizeof(e.id))
				__builtin_trap();
		}
		s += len + (nl != NULL);
	}
	vigil_report_table_order(&t, order);
	for (i = 0; i < t.n; i++)
		if (order[i] >= t.n)
			__builtin_trap();
	vigil_report_table_release(&t);
	vigil_geo_release(&g);
	return 0;
}
