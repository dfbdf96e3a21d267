/* fuzz_names.c - libFuzzer target: romanisation, name forms and the pair score on arbitrary UTF-8 (two names split at the first NUL). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/names.h"
#include "vigil/translit.h"

const char vigil_fuzz_name[] = "names";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vigil_pname a[6], b[6];
	struct vigil_translit *t;
	const char *s = (const char *)data, *z = memchr(data, 0, size);
	size_t la = z ? (size_t)(z - s) : size, lb = z ? size - la - 1 : 0;
	int err, na, nb, ia, ib, fl;

	if (size > 4096)
		return 0;
	t = vigil_translit_new(&err);
	if (!t)
		return 0;
	for (fl = 0; fl <= 4; fl += 2) {
		na = vigil_name_forms(t, s, la, fl ? fl : VIGIL_PN_VESSEL, a, 6);
		nb = vigil_name_forms(t, z ? z + 1 : s, lb, fl ? fl : VIGIL_PN_VESSEL, b, 6);
		vigil_names_best(a, na, b, nb, NULL, &ia, &ib);
	}
	vigil_names_script_cap(s, la, z ? z + 1 : s, lb);
	vigil_ofac_score(a[0].buf, b[0].buf);
	vigil_translit_free(t);
	return 0;
}
