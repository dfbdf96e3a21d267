/* ais_app.c - types 6/8 application payloads (placeholder: decodes nothing yet). */
#include "vigil/ais.h"
#include "vigil/ais_app.h"
#include "ais_app_json.h"

int vigil_ais_app_decode(const struct vigil_ais_payload *p, unsigned msgtype,
			 struct vigil_ais_app *out)
{
	(void)p;
	(void)msgtype;
	out->kind = 0;
	return 0;
}

void vigil__ais_app_json(const struct vigil_ais_app *a, int scaled, struct vigil__jbuf *jb)
{
	(void)a;
	(void)scaled;
	(void)jb;
}
