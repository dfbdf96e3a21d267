/* entity.c - the entity index: an arena of strings and names, an entity table and a listing-id hash. */
#include <stdlib.h>
#include <string.h>

#include "vigil/entity.h"
#include "vigil/error.h"

#define ARENA_CHUNK (1u << 20)

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct vigil_index {
	struct vigil_index_limits lim;
	struct chunk *chunks;
	size_t bytes;
	struct vigil_entity **ent;
	size_t n, cap;
	struct vigil_source *src;
	size_t nsrc, srccap;
	uint32_t *hash; /* open addressing over entity ids + 1; 0 = empty */
	size_t hcap;
};

static void *arena_alloc(struct vigil_index *ix, size_t n)
{
	struct chunk *c = ix->chunks;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		if (ix->bytes + cap > ix->lim.max_bytes)
			return NULL;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = ix->chunks;
		ix->chunks = c;
		ix->bytes += cap + sizeof(*c);
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

const char *vigil_index_strdup(struct vigil_index *ix, const char *s, size_t len)
{
	char *p = arena_alloc(ix, len + 1);

	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = 0;
	return p;
}

struct vigil_index *vigil_index_new(const struct vigil_index_limits *lim)
{
	struct vigil_index *ix = calloc(1, sizeof(*ix));

	if (!ix)
		return NULL;
	if (lim)
		ix->lim = *lim;
	if (!ix->lim.max_entities)
		ix->lim.max_entities = 2000000;
	if (!ix->lim.max_bytes)
		ix->lim.max_bytes = (size_t)1 << 30;
	if (!ix->lim.max_names)
		ix->lim.max_names = 512;
	if (!ix->lim.max_sources)
		ix->lim.max_sources = 4096;
	return ix;
}

void vigil_index_free(struct vigil_index *ix)
{
	struct chunk *c, *n;

	if (!ix)
		return;
	for (c = ix->chunks; c; c = n) {
		n = c->next;
		free(c);
	}
	free(ix->ent);
	free(ix->src);
	free(ix->hash);
	free(ix);
}

int vigil_index_add_source(struct vigil_index *ix, const struct vigil_source *s)
{
	struct vigil_source *d;

	if (ix->nsrc >= ix->lim.max_sources || ix->nsrc >= 65535)
		return -VIGIL_E_FULL;
	if (ix->nsrc == ix->srccap) {
		size_t nc = ix->srccap ? ix->srccap * 2 : 16;
		struct vigil_source *ns = realloc(ix->src, nc * sizeof(*ns));

		if (!ns)
			return -VIGIL_E_NOMEM;
		ix->src = ns;
		ix->srccap = nc;
	}
	d = &ix->src[ix->nsrc];
	*d = *s;
	d->list = vigil_index_strdup(ix, s->list ? s->list : "", s->list ? strlen(s->list) : 0);
	d->format = vigil_index_strdup(ix, s->format ? s->format : "", s->format ? strlen(s->format) : 0);
	d->path = vigil_index_strdup(ix, s->path ? s->path : "", s->path ? strlen(s->path) : 0);
	d->date = vigil_index_strdup(ix, s->date ? s->date : "", s->date ? strlen(s->date) : 0);
	if (!d->list || !d->format || !d->path || !d->date)
		return -VIGIL_E_NOMEM;
	d->entities = 0;
	return (int)ix->nsrc++;
}

const struct vigil_source *vigil_index_source(const struct vigil_index *ix, size_t i)
{
	return i < ix->nsrc ? &ix->src[i] : NULL;
}

size_t vigil_index_nsources(const struct vigil_index *ix)
{
	return ix->nsrc;
}

static uint64_t key_hash(uint32_t group, const char *list, const char *id, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ group;
	size_t i;

	for (; *list; list++)
		h = (h ^ (unsigned char)*list) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)id[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

static int key_eq(const struct vigil_index *ix, const struct vigil_entity *e, uint32_t group,
		  const char *list, const char *id, size_t len)
{
	const struct vigil_source *s = &ix->src[e->source];

	return s->group == group && strcmp(s->list, list) == 0 && strlen(e->listing_id) == len &&
	       memcmp(e->listing_id, id, len) == 0;
}

/*
 * Put entity o into table h (mask m) unless an entity with its key is there
 * already: a repeated listing id (a broken or hostile file) then stays out of
 * the hash (it is still in ix->ent), so the probe run of one key never grows
 * and loading stays linear. Lookups find the first entity with the key.
 */
static void hash_put(const struct vigil_index *ix, uint32_t *h, size_t m, const struct vigil_entity *o)
{
	const struct vigil_source *os = &ix->src[o->source];
	size_t len = strlen(o->listing_id), i = key_hash(os->group, os->list, o->listing_id, len) & m;

	while (h[i]) {
		if (key_eq(ix, ix->ent[h[i] - 1], os->group, os->list, o->listing_id, len))
			return;
		i = (i + 1) & m;
	}
	h[i] = o->id + 1;
}

static int hash_insert(struct vigil_index *ix, struct vigil_entity *e)
{
	size_t m;

	if (ix->n * 2 >= ix->hcap) {
		size_t nc = ix->hcap ? ix->hcap * 2 : 1024, k;
		uint32_t *nh = calloc(nc, sizeof(*nh));

		if (!nh)
			return VIGIL_E_NOMEM;
		free(ix->hash);
		ix->hash = nh;
		ix->hcap = nc;
		for (k = 0; k < ix->n; k++)
			if (ix->ent[k] != e)
				hash_put(ix, nh, nc - 1, ix->ent[k]);
	}
	m = ix->hcap - 1;
	hash_put(ix, ix->hash, m, e);
	return VIGIL_E_OK;
}

struct vigil_entity *vigil_index_find(const struct vigil_index *ix, uint32_t group, const char *list,
				      const char *id, size_t len)
{
	size_t i, m;

	if (!ix->hcap)
		return NULL;
	m = ix->hcap - 1;
	i = key_hash(group, list, id, len) & m;
	while (ix->hash[i]) {
		struct vigil_entity *e = ix->ent[ix->hash[i] - 1];

		if (key_eq(ix, e, group, list, id, len))
			return e;
		i = (i + 1) & m;
	}
	return NULL;
}

struct vigil_entity *vigil_index_add_entity(struct vigil_index *ix, int source, int schema,
					    const char *id, size_t len, int *err)
{
	struct vigil_entity *e;

	*err = VIGIL_E_OK;
	if (source < 0 || (size_t)source >= ix->nsrc) {
		*err = VIGIL_E_INVAL;
		return NULL;
	}
	if (ix->n >= ix->lim.max_entities) {
		*err = VIGIL_E_FULL;
		return NULL;
	}
	if (ix->n == ix->cap) {
		size_t nc = ix->cap ? ix->cap * 2 : 1024;
		struct vigil_entity **ne = realloc(ix->ent, nc * sizeof(*ne));

		if (!ne) {
			*err = VIGIL_E_NOMEM;
			return NULL;
		}
		ix->ent = ne;
		ix->cap = nc;
	}
	e = arena_alloc(ix, sizeof(*e));
	if (!e || !(e->listing_id = vigil_index_strdup(ix, id, len))) {
		*err = VIGIL_E_NOMEM;
		return NULL;
	}
	e->id = (uint32_t)ix->n;
	e->source = (uint16_t)source;
	e->schema = (uint8_t)(schema >= 0 && schema < VIGIL_SCHEMA__COUNT ? schema : 0);
	e->listed_on = "";
	e->callsign = "";
	e->remarks = "";
	ix->ent[ix->n++] = e;
	if ((*err = hash_insert(ix, e)) != VIGIL_E_OK) {
		ix->n--;
		return NULL;
	}
	ix->src[source].entities++;
	return e;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int vigil_entity_add_name(struct vigil_index *ix, struct vigil_entity *e, int kind,
			  const char *s, size_t len)
{
	struct vigil_name *n, **pp;

	while (len && is_space((unsigned char)*s))
		s++, len--;
	while (len && is_space((unsigned char)s[len - 1]))
		len--;
	if (!len)
		return VIGIL_E_OK;
	for (pp = &e->names; *pp; pp = &(*pp)->next)
		if (strlen((*pp)->text) == len && memcmp((*pp)->text, s, len) == 0)
			return VIGIL_E_OK;
	if (e->n_names >= ix->lim.max_names || e->n_names == 65535)
		return VIGIL_E_FULL;
	n = arena_alloc(ix, sizeof(*n));
	if (!n || !(n->text = vigil_index_strdup(ix, s, len)))
		return VIGIL_E_NOMEM;
	n->kind = (uint8_t)kind;
	*pp = n;
	e->n_names++;
	return VIGIL_E_OK;
}

int vigil_entity_add_str(struct vigil_index *ix, struct vigil_strl **list, const char *s, size_t len)
{
	struct vigil_strl *n, **pp;
	size_t count = 0;

	while (len && is_space((unsigned char)*s))
		s++, len--;
	while (len && is_space((unsigned char)s[len - 1]))
		len--;
	if (!len)
		return VIGIL_E_OK;
	for (pp = list; *pp; pp = &(*pp)->next, count++)
		if (strlen((*pp)->text) == len && memcmp((*pp)->text, s, len) == 0)
			return VIGIL_E_OK;
	if (count >= ix->lim.max_names)
		return VIGIL_E_FULL;
	n = arena_alloc(ix, sizeof(*n));
	if (!n || !(n->text = vigil_index_strdup(ix, s, len)))
		return VIGIL_E_NOMEM;
	*pp = n;
	return VIGIL_E_OK;
}

int vigil_imo_valid(uint32_t imo)
{
	uint32_t d[7], sum = 0;
	int i;

	if (imo < 1000000 || imo > 9999999)
		return 0;
	for (i = 6; i >= 0; i--, imo /= 10)
		d[i] = imo % 10;
	for (i = 0; i < 6; i++)
		sum += d[i] * (uint32_t)(7 - i);
	return sum % 10 == d[6];
}

void vigil_entity_set_imo(struct vigil_entity *e, uint32_t imo)
{
	e->imo = imo;
	e->imo_valid = (uint8_t)vigil_imo_valid(imo);
}

size_t vigil_index_count(const struct vigil_index *ix)
{
	return ix->n;
}

const struct vigil_entity *vigil_index_get(const struct vigil_index *ix, size_t i)
{
	return i < ix->n ? ix->ent[i] : NULL;
}

size_t vigil_index_count_schema(const struct vigil_index *ix, int schema)
{
	size_t i, c = 0;

	for (i = 0; i < ix->n; i++)
		c += ix->ent[i]->schema == schema;
	return c;
}

size_t vigil_index_bytes(const struct vigil_index *ix)
{
	return ix->bytes + ix->cap * sizeof(void *) + ix->hcap * sizeof(uint32_t) +
	       ix->srccap * sizeof(struct vigil_source);
}

static const char *const schema_names[VIGIL_SCHEMA__COUNT] = {
	"Thing", "Person", "Organization", "Company", "Vessel", "LegalEntity", "Airplane",
};

const char *vigil_schema_name(int schema)
{
	return schema >= 0 && schema < VIGIL_SCHEMA__COUNT ? schema_names[schema] : "Thing";
}

int vigil_schema_parse(const char *s, size_t len)
{
	int i;

	for (i = 1; i < VIGIL_SCHEMA__COUNT; i++) {
		const char *n = schema_names[i];
		size_t k;

		if (strlen(n) != len)
			continue;
		for (k = 0; k < len; k++)
			if ((s[k] | 0x20) != (n[k] | 0x20))
				break;
		if (k == len)
			return i;
	}
	if (len == 6 && (s[0] | 0x20) == 'e')
		return strncmp(s + 1, "ntity", 5) == 0 ? VIGIL_SCHEMA_LEGALENTITY : VIGIL_SCHEMA_UNKNOWN;
	return VIGIL_SCHEMA_UNKNOWN;
}

size_t vigil_index_by_imo(const struct vigil_index *ix, uint32_t imo, uint32_t *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; imo && i < ix->n; i++)
		if (ix->ent[i]->imo == imo) {
			if (n < cap)
				out[n] = (uint32_t)i;
			n++;
		}
	return n;
}

size_t vigil_index_by_mmsi(const struct vigil_index *ix, uint32_t mmsi, uint32_t *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; mmsi && i < ix->n; i++)
		if (ix->ent[i]->mmsi == mmsi) {
			if (n < cap)
				out[n] = (uint32_t)i;
			n++;
		}
	return n;
}
