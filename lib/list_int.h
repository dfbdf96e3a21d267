/* list_int.h - internals shared by the list loaders: a bounded CSV reader, an XML record walker, helpers. */
#ifndef VIGIL_LIST_INT_H
#define VIGIL_LIST_INT_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/entity.h"
#include "vigil/lists.h"

#define VIGIL__CSV_MAXF 256

/* A CSV reader over one buffer: RFC 4180 quoting, CRLF or LF, optional latin-1 to UTF-8. */
struct vigil__csv {
	const char *p, *end;
	size_t line;        /* line where the current record starts (1-based) */
	size_t next_line;
	int latin1;
	char sep;
	size_t max_field, max_record;
	char *buf;          /* decoded fields, malloc'd, grows to max_record */
	size_t cap;
	size_t nf;
	size_t off[VIGIL__CSV_MAXF], flen[VIGIL__CSV_MAXF];
	char err[160];
};

void vigil__csv_init(struct vigil__csv *c, const char *buf, size_t len, int latin1,
		     const struct vigil_list_limits *lim);
void vigil__csv_release(struct vigil__csv *c);
/* 1 = a record (fields in f/flen), 0 = end, -VIGIL_E_* on a fatal error (message in c->err). */
int vigil__csv_next(struct vigil__csv *c);
/* Field i as a NUL-terminated string ("" when absent). */
const char *vigil__csv_f(const struct vigil__csv *c, size_t i);
size_t vigil__csv_len(const struct vigil__csv *c, size_t i);

#define VIGIL__XREC_MAX 4096

/* One XML record: (path, value) pairs of its descendants, paths relative to the record ("A/B", "A/@attr"). */
struct vigil__xrec {
	size_t n;
	const char *path[VIGIL__XREC_MAX];
	const char *val[VIGIL__XREC_MAX];
	size_t number;     /* record number in the file, 1-based */
	const char *name;  /* record element name */
};

/*
 * Walk buf; every element whose local name is in rec_names (NULL-terminated)
 * becomes one record given to cb. Refuses DTDs (entity bombs, external
 * entities) and never uses the network. Returns VIGIL_E_OK or VIGIL_E_XML /
 * VIGIL_E_TOOBIG / VIGIL_E_NOMEM with the reason in rep. The callback returns
 * VIGIL_E_OK or an error that stops the walk.
 */
int vigil__xml_walk(const char *buf, size_t len, const char *const *rec_names,
		    int (*cb)(void *, const struct vigil__xrec *), void *arg,
		    const struct vigil_list_limits *lim, struct vigil_list_report *rep);

/* Values of path in a record: iterate with i from 0; returns NULL past the last. */
const char *vigil__xrec_get(const struct vigil__xrec *r, const char *path, size_t *i);

/* Record a problem (first one kept) and count a skipped record. */
void vigil__rep_skip(struct vigil_list_report *rep, size_t line, const char *fmt, ...);

/* Parse decimal digits; 0 if none or overflow. */
uint32_t vigil__u32(const char *s, size_t len);
/* Find vessel ids in free text ("IMO 9179842", "MMSI 273210440"); 0 when none. */
uint32_t vigil__find_id(const char *s, size_t len, const char *label, int digits);
/* Normalise a date ("03 May 2024", "2024-05-03", "3.5.2024", "31/07/2024") to YYYY-MM-DD into out[11]; "" if unknown. */
void vigil__date(const char *s, size_t len, char out[11]);
/* Split on sep and add each piece to a string list of e. */
int vigil__add_split(struct vigil_index *ix, struct vigil_strl **l, const char *s, size_t len, char sep);
int vigil__add_names_split(struct vigil_index *ix, struct vigil_entity *e, int kind, const char *s,
			   size_t len, char sep);

int vigil__load_ofac_csv(struct vigil_index *ix, int source, int fmt, const char *buf, size_t len,
			 const struct vigil_list_limits *lim, struct vigil_list_report *rep);
int vigil__load_ofac_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
			 const struct vigil_list_limits *lim, struct vigil_list_report *rep);
int vigil__load_un_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep);
int vigil__load_eu_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep);
int vigil__load_uk_csv(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep);
int vigil__load_uk_xml(struct vigil_index *ix, int source, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep);
int vigil__load_os_csv(struct vigil_index *ix, int source, int fmt, const char *buf, size_t len,
		       const struct vigil_list_limits *lim, struct vigil_list_report *rep);
int vigil__load_ftm_json(struct vigil_index *ix, int source, const char *buf, size_t len,
			 const struct vigil_list_limits *lim, struct vigil_list_report *rep);

#endif
