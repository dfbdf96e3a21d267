/* ais_app_json.h - gpsd JSON members for a decoded types 6/8 application payload (internal). */
#ifndef VIGIL__AIS_APP_JSON_H
#define VIGIL__AIS_APP_JSON_H

#include "vigil/ais_app.h"
#include "jbuf.h"

/*
 * Append the members that gpsd prints after "fid" for a payload that
 * vigil_ais_app_decode() returned 1 for. scaled: gpsd -j (1) or -u (0).
 */
void vigil__ais_app_json(const struct vigil_ais_app *a, int scaled, struct vigil__jbuf *jb);

#endif
