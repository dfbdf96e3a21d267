/* entity.h - the sanctions entity model (FollowTheMoney-like) and the one index all lists load into. */
#ifndef VIGIL_ENTITY_H
#define VIGIL_ENTITY_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every list format is loaded into the same model: an entity has a schema,
 * names (primary, aliases, weak aliases, previous names), vessel identifiers,
 * programmes, a listing date and its provenance (source file), plus free-text
 * links to other entities (OFAC "Linked To", owners, managers). All strings
 * live in the index's arena; the index owns everything it returns.
 */

enum vigil_schema {
	VIGIL_SCHEMA_UNKNOWN,
	VIGIL_SCHEMA_PERSON,
	VIGIL_SCHEMA_ORGANIZATION,
	VIGIL_SCHEMA_COMPANY,
	VIGIL_SCHEMA_VESSEL,
	VIGIL_SCHEMA_LEGALENTITY,
	VIGIL_SCHEMA_AIRCRAFT,
	VIGIL_SCHEMA__COUNT
};

enum vigil_name_kind {
	VIGIL_NAME_PRIMARY,  /* the listed name */
	VIGIL_NAME_ALIAS,    /* strong a.k.a. */
	VIGIL_NAME_WEAK,     /* weak / low-quality alias */
	VIGIL_NAME_PREVIOUS, /* former name (f.k.a., vessel's earlier names) */
};

/* One name of an entity (singly linked, arena-owned). */
struct vigil_name {
	const char *text;
	struct vigil_name *next;
	uint8_t kind; /* enum vigil_name_kind */
};

/* A string value list (programmes, flags, links), arena-owned. */
struct vigil_strl {
	const char *text;
	struct vigil_strl *next;
};

/* One loaded list file: provenance carried by each of its entities. */
struct vigil_source {
	const char *list;    /* publisher list: "OFAC SDN", "UN SC", "OpenSanctions" ... */
	const char *format;  /* loader name: "ofac_csv", "un_xml" ... */
	const char *path;    /* file path as given (may be "") */
	const char *date;    /* list date if known (YYYY-MM-DD), else "" */
	char sha256[65];     /* hex digest of the file bytes, "" if not computed */
	uint32_t group;      /* files of one set (same directory) share a group */
	uint32_t entities;   /* entities this file created */
	uint8_t noncommercial; /* licence restricts commercial use (CC BY-NC) */
};

struct vigil_entity {
	uint32_t id;          /* index in the index's entity table */
	uint16_t source;      /* index of its vigil_source */
	uint8_t schema;       /* enum vigil_schema */
	uint8_t imo_valid;    /* IMO number passed its check digit */
	const char *listing_id; /* id within its list (OFAC ent_num, UN ref, OpenSanctions id) */
	const char *listed_on;  /* YYYY-MM-DD or "" */
	const char *callsign;   /* "" when none */
	uint32_t imo;           /* 0 when none */
	uint32_t mmsi;          /* 0 when none */
	uint16_t n_names;
	struct vigil_name *names;     /* first is the primary name */
	struct vigil_strl *programs;
	struct vigil_strl *flags;     /* country names or ISO codes as listed */
	struct vigil_strl *links;     /* names or ids of linked entities */
	const char *remarks;          /* "" when none */
};

/* Limits that bound an index; zero fields get the defaults below. */
struct vigil_index_limits {
	size_t max_entities;   /* default 2,000,000 */
	size_t max_bytes;      /* arena cap, default 1 GiB */
	size_t max_names;      /* names per entity, default 512 */
	size_t max_sources;    /* files, default 4096 */
};

struct vigil_index;

/*
 * Create an empty index (limits may be NULL). Returns NULL on OOM.
 * The caller owns the index and releases it with vigil_index_free().
 */
struct vigil_index *vigil_index_new(const struct vigil_index_limits *lim);
void vigil_index_free(struct vigil_index *ix);

/*
 * Register a source file. Strings are copied into the arena. Returns the
 * source number (>= 0) or a negative vigil_err (-VIGIL_E_FULL, -VIGIL_E_NOMEM).
 */
int vigil_index_add_source(struct vigil_index *ix, const struct vigil_source *src);
const struct vigil_source *vigil_index_source(const struct vigil_index *ix, size_t i);
size_t vigil_index_nsources(const struct vigil_index *ix);

/*
 * Add an entity of schema for source with listing id (copied). Returns the new
 * entity (index-owned, valid until vigil_index_free) or NULL with *err set
 * (VIGIL_E_FULL over max_entities, VIGIL_E_NOMEM over the arena cap).
 * Entities are looked up later by (group, list, listing_id).
 */
struct vigil_entity *vigil_index_add_entity(struct vigil_index *ix, int source, int schema,
					    const char *listing_id, size_t id_len, int *err);

/* Find an entity by its source group, list name and listing id; NULL if none. */
struct vigil_entity *vigil_index_find(const struct vigil_index *ix, uint32_t group, const char *list,
				      const char *listing_id, size_t id_len);

/*
 * Append a name (copied; trimmed; empty or duplicate names are ignored and
 * return VIGIL_E_OK). VIGIL_E_FULL over max_names, VIGIL_E_NOMEM over the cap.
 */
int vigil_entity_add_name(struct vigil_index *ix, struct vigil_entity *e, int kind,
			  const char *s, size_t len);
/* Append to one of the entity's string lists (programs, flags, links); duplicates ignored. */
int vigil_entity_add_str(struct vigil_index *ix, struct vigil_strl **list, const char *s, size_t len);
/* Copy a string into the arena (NUL-terminated); NULL over the cap. */
const char *vigil_index_strdup(struct vigil_index *ix, const char *s, size_t len);
/* Set the IMO number (validating its check digit into e->imo_valid). */
void vigil_entity_set_imo(struct vigil_entity *e, uint32_t imo);

size_t vigil_index_count(const struct vigil_index *ix);
/* Entity i (0 <= i < count), index-owned. */
const struct vigil_entity *vigil_index_get(const struct vigil_index *ix, size_t i);
/* Count of entities of one schema. */
size_t vigil_index_count_schema(const struct vigil_index *ix, int schema);
/* Bytes held by the arena and tables (for reports and benches). */
size_t vigil_index_bytes(const struct vigil_index *ix);

/* Schema name ("Vessel") and parse (case-insensitive; UNKNOWN if not known). */
const char *vigil_schema_name(int schema);
int vigil_schema_parse(const char *s, size_t len);

/* 1 when the 7-digit IMO number's check digit is right. */
int vigil_imo_valid(uint32_t imo);

/* Entities whose IMO / MMSI equals the value: writes up to cap ids to out, returns the total found. */
size_t vigil_index_by_imo(const struct vigil_index *ix, uint32_t imo, uint32_t *out, size_t cap);
size_t vigil_index_by_mmsi(const struct vigil_index *ix, uint32_t mmsi, uint32_t *out, size_t cap);

#endif
