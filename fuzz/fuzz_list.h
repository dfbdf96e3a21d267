/* fuzz_list.h - the body shared by the single-format list loader fuzz targets. */
#ifndef VIGIL_FUZZ_LIST_H
#define VIGIL_FUZZ_LIST_H

#include <stdint.h>
#include <string.h>

#include "vigil/entity.h"
#include "vigil/lists.h"

/*
 * Load arbitrary bytes as list format `fmt` (twice into one index, so merging
 * by listing id is exercised), with small limits; then as whatever format
 * detection says, if that differs.
 */
static int fuzz_list_one(int fmt, const uint8_t *data, size_t size)
{
	struct vigil_index_limits lim = { 5000, (size_t)64 << 20, 64, 16 };
	struct vigil_list_limits ll = { (size_t)1 << 20, 4096, 65536 };
	struct vigil_index *ix = vigil_index_new(&lim);
	struct vigil_source s;
	struct vigil_list_report rep;
	char date[11];
	int src, found;

	if (!ix)
		return 0;
	memset(&s, 0, sizeof(s));
	s.list = vigil_list_publisher(fmt);
	s.format = "fuzz";
	s.group = 1;
	src = vigil_index_add_source(ix, &s);
	found = vigil_list_detect((const char *)data, size);
	vigil_list_date(fmt, (const char *)data, size, date);
	vigil_list_load(ix, src, fmt, (const char *)data, size, &ll, &rep);
	vigil_list_load(ix, src, fmt, (const char *)data, size, &ll, &rep);
	if (rep.first_error[sizeof(rep.first_error) - 1] != 0)
		__builtin_trap();
	if (found != VIGIL_LIST_NONE && found != fmt)
		vigil_list_load(ix, src, found, (const char *)data, size, &ll, &rep);
	vigil_index_free(ix);
	return 0;
}

#endif
