/* geodata.h - CLI side of the geography: find and read vigil's data files and the shore blob. */
#ifndef VIGIL_CMD_GEODATA_H
#define VIGIL_CMD_GEODATA_H

#include <stddef.h>

#include "vigil/geo.h"

/*
 * Data directory: $VIGIL_DATADIR, else ./data when it holds geo/ (running
 * from the repo), else <dir of the executable>/../data, else the installed
 * $(PREFIX)/share/vigil. Returns a static string; never NULL.
 */
const char *geodata_dir(void);

/*
 * Load vigil's default geography (every .csv and .geojson file in DATADIR/geo) into g.
 * 0 on success; else 2 with a "file:line: reason" message in err.
 */
int geodata_load_default(struct vigil_geo *g, char *err, size_t errlen);

/*
 * Load one user file: .csv (ports/anchorages; WPI and GFW layouts too) or
 * .geojson/.json (areas). default_kind applies to rows/features without a
 * kind (-1: PORT for CSV, USER for GeoJSON). 0 ok, 2 with message in err.
 */
int geodata_load_file(struct vigil_geo *g, const char *path, int default_kind, char *err, size_t errlen);

/*
 * Open the distance-to-shore blob: $VIGIL_SHORE, else shore.bin next to the
 * executable (the build dir), else DATADIR/shore.bin. The file is mapped
 * read-only (*buf; release with geodata_shore_close). Returns 0 when open;
 * 1 when absent, leaving s unopened so vigil_shore_km answers NAN
 * ("unknown"); 2 on a corrupt file (message in err).
 */
int geodata_shore_open(struct vigil_shore *s, void **buf, char *err, size_t errlen);
void geodata_shore_close(struct vigil_shore *s, void *buf);

/* `vigil geo`: the subcommand in cmd/geo.c (point queries against the geography). */
int cmd_geo(int argc, char **argv);

#endif
