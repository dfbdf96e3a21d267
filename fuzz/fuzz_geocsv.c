/* fuzz_geocsv.c - libFuzzer target: point CSV loader (vigil, WPI, GFW layouts), then index and queries. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/geo.h"

const char vigil_fuzz_name[] = "geocsv";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_geo g;
	struct vigil_geo_loadinfo in;
	struct vigil_geo_hit hits[8];
	char *buf = malloc(size + 1);
	size_t i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	vigil_geo_init(&g);
	memset(&in, 0, sizeof(in));
	in.file = "fuzz.csv";
	vigil_geo_load_csv(&g, buf, size, VIGIL_GEO_PORT, 4, &in);
	if (vigil_geo_index(&g, 10) == VIGIL_E_OK) {
		for (i = 0; i < g.nplaces && i < 16; i++) {
			vigil_geo_within(&g, g.places[i].lat, g.places[i].lon, 1.0, VIGIL_GEO_ALLKINDS, hits, 8);
			vigil_geo_nearest(&g, g.places[i].lat + 0.01, g.places[i].lon, 10, VIGIL_GEO_PORTLIKE, hits);
		}
	}
	vigil_geo_release(&g);
	free(buf);
	return 0;
}
