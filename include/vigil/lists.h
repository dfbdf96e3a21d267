/* lists.h - sanctions list loaders: format detection by content and one loader per published format. */
#ifndef VIGIL_LISTS_H
#define VIGIL_LISTS_H

#include <stddef.h>

#include "vigil/entity.h"

enum vigil_list_format {
	VIGIL_LIST_NONE,          /* not a list file */
	VIGIL_LIST_OFAC_SDN_CSV,  /* OFAC legacy sdn.csv (primary records) */
	VIGIL_LIST_OFAC_ADD_CSV,  /* OFAC add.csv (addresses) */
	VIGIL_LIST_OFAC_ALT_CSV,  /* OFAC alt.csv (aliases) */
	VIGIL_LIST_OFAC_COMMENTS_CSV, /* OFAC sdn_comments.csv (Remarks overflow) */
	VIGIL_LIST_OFAC_SDN_XML,  /* OFAC sdn.xml */
	VIGIL_LIST_UN_XML,        /* UN Security Council consolidated list XML */
	VIGIL_LIST_EU_XML,        /* EU consolidated financial sanctions XML (FSF 1.1) */
	VIGIL_LIST_UK_CSV,        /* UK Sanctions List (FCDO) CSV */
	VIGIL_LIST_OS_SIMPLE_CSV, /* OpenSanctions targets.simple.csv */
	VIGIL_LIST_FTM_JSON,      /* FollowTheMoney entities, JSON lines */
	VIGIL_LIST_DEMO_CSV,      /* vigil's own demo list (data/lists/) */
	VIGIL_LIST_UK_XML,        /* UK Sanctions List (FCDO) XML */
	VIGIL_LIST__COUNT
};

/* What one load did. Bad records are counted and skipped, never fatal. */
struct vigil_list_report {
	size_t records;   /* records read */
	size_t entities;  /* entities created */
	size_t vessels;   /* of which vessels */
	size_t merged;    /* rows merged into an entity (aliases, addresses, comments) */
	size_t orphans;   /* rows whose entity has no primary record (counted, skipped) */
	size_t skipped;   /* malformed records skipped */
	size_t first_line;   /* line (CSV, JSON lines) or record number (XML) of the first problem */
	char first_error[200]; /* its reason, "" if none */
};

/* Per-load limits; zero fields get defaults. */
struct vigil_list_limits {
	size_t max_file;   /* bytes, default 512 MiB */
	size_t max_field;  /* bytes of one field/text, default 1 MiB */
	size_t max_record; /* bytes of one record, default 8 MiB */
};

/* Detect the format of a file from its first bytes (name not used). */
int vigil_list_detect(const char *buf, size_t len);

/* Short name ("ofac_sdn_csv") and the publisher list name ("OFAC SDN") of a format. */
const char *vigil_list_format_name(int fmt);
const char *vigil_list_publisher(int fmt);
/* 1 when a format's data carries a non-commercial licence (OpenSanctions: CC BY-NC 4.0). */
int vigil_list_noncommercial(int fmt);
/* Files that extend entities of another file of the set (load after primaries). */
int vigil_list_is_secondary(int fmt);

/*
 * Load buf[0..len) (the whole file; caller-owned, not kept) of format fmt into
 * ix, as entities of source number `source` (see vigil_index_add_source).
 * Returns VIGIL_E_OK (even with skipped records, see rep), VIGIL_E_FORMAT,
 * VIGIL_E_XML when the XML is not well formed or declares a DTD (refused:
 * no entity expansion, no external entities, no network), VIGIL_E_TOOBIG,
 * VIGIL_E_FULL or VIGIL_E_NOMEM; rep->first_line and first_error say where
 * and why. lim may be NULL.
 */
int vigil_list_load(struct vigil_index *ix, int source, int fmt, const char *buf, size_t len,
		    const struct vigil_list_limits *lim, struct vigil_list_report *rep);

/* List date found inside a file (UN dateGenerated, OFAC XML Publish_Date...), written as YYYY-MM-DD; "" if none. */
void vigil_list_date(int fmt, const char *buf, size_t len, char out[11]);

#endif
