/* list_pending.c - loaders not written yet: they refuse with VIGIL_E_UNSUPPORTED. */
#include <stdio.h>

#include "vigil/error.h"
#include "list_int.h"

static int pending(struct vigil_list_report *rep)
{
	snprintf(rep->first_error, sizeof(rep->first_error), "loader not implemented yet");
	return VIGIL_E_UNSUPPORTED;
}

int vigil__load_ofac_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
			 const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	(void)ix, (void)source, (void)buf, (void)len, (void)lim;
	return pending(rep);
}

int vigil__load_eu_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	(void)ix, (void)source, (void)buf, (void)len, (void)lim;
	return pending(rep);
}

int vigil__load_uk_csv(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep)
{
	(void)ix, (void)source, (void)buf, (void)len, (void)lim;
	return pending(rep);
}
