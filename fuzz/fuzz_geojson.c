/* fuzz_geojson.c - libFuzzer target: GeoJSON area loader, then the index and queries over what loaded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/geo.h"

const char vigil_fuzz_name[] = "geojson";

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
	memcpy(buf, data, size);   /* exact-size copy: ASan sees any overread */
	vigil_geo_init(&g);
	memset(&in, 0, sizeof(in));
	in.file = "fuzz.geojson";
	vigil_geo_load_geojson(&g, buf, size, -1, &in);
	if (g.nareas + g.nplaces < 64 && vigil_geo_index(&g, 10) == VIGIL_E_OK) {
		for (i = 0; i < g.nareas; i++) {
			double la = g.areas[i].lat, lo = g.areas[i].lon;
			vigil_geo_within(&g, la, lo, 1.0, VIGIL_GEO_ALLKINDS, hits, 8);
			vigil_geo_nearest(&g, la, lo, 25, VIGIL_GEO_ALLKINDS, hits);
			vigil_geo_in_interest(&g, la + 0.05, lo - 0.05);
			vigil_geo_area_km(&g, i, la + 0.3, lo);
		}
	}
	vigil_geo_release(&g);
	free(buf);
	return 0;
}
