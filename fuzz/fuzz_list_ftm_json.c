/* fuzz_list_ftm_json.c - libFuzzer target: the ftm_json list loader (and format detection) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/entity.h"
#include "vigil/lists.h"

const char vigil_fuzz_name[] = "list_ftm_json";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_index_limits lim = { 5000, (size_t)64 << 20, 64, 16 };
	struct vigil_index *ix = vigil_index_new(&lim);
	struct vigil_source s;
	struct vigil_list_report rep;
	int src, fmt;

	if (!ix)
		return 0;
	memset(&s, 0, sizeof(s));
	s.list = "fuzz";
	s.format = "fuzz";
	s.group = 1;
	src = vigil_index_add_source(ix, &s);
	fmt = vigil_list_detect((const char *)data, size);
	vigil_list_load(ix, src, VIGIL_LIST_FTM_JSON, (const char *)data, size, NULL, &rep);
	if (fmt != VIGIL_LIST_NONE && fmt != VIGIL_LIST_FTM_JSON)
		vigil_list_load(ix, src, fmt, (const char *)data, size, NULL, &rep);
	vigil_index_free(ix);
	return 0;
}
