/* fuzz_uk.c - libFuzzer target: the UK FCDO CSV and XML list loaders (and format detection) on arbitrary bytes, small limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/entity.h"
#include "vigil/lists.h"

const char vigil_fuzz_name[] = "uk";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int vigil__load_uk_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_index_limits lim = { 5000, (size_t)64 << 20, 64, 16 };
	struct vigil_list_limits ll = { (size_t)1 << 20, 4096, 65536 };
	struct vigil_index *ix = vigil_index_new(&lim);
	struct vigil_source s;
	struct vigil_list_report rep;
	char date[11];
	int src, fmt;

	if (!ix)
		return 0;
	memset(&s, 0, sizeof(s));
	s.list = vigil_list_publisher(VIGIL_LIST_UK_CSV);
	s.format = "fuzz";
	s.group = 1;
	src = vigil_index_add_source(ix, &s);
	fmt = vigil_list_detect((const char *)data, size);
	vigil_list_date(VIGIL_LIST_UK_CSV, (const char *)data, size, date);
	vigil_list_load(ix, src, VIGIL_LIST_UK_CSV, (const char *)data, size, &ll, &rep);
	/* Twice into the same index: merging by listing id must hold too. */
	vigil_list_load(ix, src, VIGIL_LIST_UK_CSV, (const char *)data, size, &ll, &rep);
	if (rep.first_error[sizeof(rep.first_error) - 1] != 0)
		__builtin_trap();
	/* the same list as XML (UK-Sanctions-List.xml) */
	memset(&rep, 0, sizeof(rep));
	vigil__load_uk_xml(ix, src, (const char *)data, size, &ll, &rep);
	if (fmt != VIGIL_LIST_NONE && fmt != VIGIL_LIST_UK_CSV)
		vigil_list_load(ix, src, fmt, (const char *)data, size, &ll, &rep);
	vigil_index_free(ix);
	return 0;
}
