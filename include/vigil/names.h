/* names.h - name normalisation into comparable tokens and the pairwise name score with its explanation. */
#ifndef VIGIL_NAMES_H
#define VIGIL_NAMES_H

#include <stddef.h>
#include <stdint.h>

#define VIGIL_NAME_MAXTOK 24
#define VIGIL_NAME_BYTES 640

/* Token kinds. */
enum vigil_tok_kind {
	VIGIL_TOK_NAME,   /* an ordinary name part */
	VIGIL_TOK_NUMBER, /* digits or a roman numeral in a vessel name: a hard discriminator */
	VIGIL_TOK_LEGAL,  /* legal-form symbol (llc, jsc, ltd, corp...) */
	VIGIL_TOK_STOP,   /* article or preposition (the, of, de...): low weight */
	VIGIL_TOK_GENERIC /* generic organisation word (trading, shipping, bank...): reduced weight */
};

/*
 * A name prepared for comparison: romanised ASCII tokens; for each token its
 * phonetic skeleton (transliteration variants folded: kh->h, x->ks, y->i,
 * doubled letters...) and its Korean key (romanisation variants of Korean
 * syllables and surnames folded: Ri/Yi/Lee/Rhee, Pak/Park/Bak, Jong/Chong/Jeong).
 * Caller-owned, fixed size, no pointers: copyable.
 */
struct vigil_pname {
	uint8_t n;
	uint8_t flags;                    /* VIGIL_PN_* it was built with */
	uint8_t kind[VIGIL_NAME_MAXTOK];
	uint8_t len[VIGIL_NAME_MAXTOK];   /* skeleton length */
	uint8_t grp[VIGIL_NAME_MAXTOK];   /* given-name group (William/Bill, Ivan/John...), 0 = none */
	uint16_t raw[VIGIL_NAME_MAXTOK];  /* offset of the romanised token */
	uint16_t skel[VIGIL_NAME_MAXTOK]; /* offset of the skeleton */
	uint16_t kkey[VIGIL_NAME_MAXTOK]; /* offset of the Korean key */
	char buf[VIGIL_NAME_BYTES];
};

/* Context flags for vigil_pname_build. */
#define VIGIL_PN_VESSEL 1 /* strip MV, M/V, MT... prefixes; roman numerals, single letters are hull numbers */
#define VIGIL_PN_ORG 2    /* organisation: "A.B.C." is one token; number words become numbers */
#define VIGIL_PN_PERSON 4 /* person: initials match, token order matters a little */
#define VIGIL_PN_ABJAD 8  /* romanised from Arabic/Hebrew script: vowels unknown, consonants compared */
#define VIGIL_PN_CJK 16   /* romanised from Han, Hangul or kana: tokens are syllables, no first-letter typos */

/* 1 when UTF-8 s[0..len) holds a Han, Hangul or kana character. */
int vigil_names_cjk(const char *s, size_t len);

/*
 * Tokenise an already romanised lowercase ASCII string (vigil_translit_latin)
 * into p. Legal forms spelt out ("limited liability company", "obshchestvo s
 * ogranichennoy otvetstvennostyu", "ooo") become one symbol token.
 */
void vigil_pname_build(struct vigil_pname *p, const char *latin, int flags);

static inline const char *vigil_pname_raw(const struct vigil_pname *p, int i) { return p->buf + p->raw[i]; }
static inline const char *vigil_pname_skel(const struct vigil_pname *p, int i) { return p->buf + p->skel[i]; }
static inline const char *vigil_pname_kkey(const struct vigil_pname *p, int i) { return p->buf + p->kkey[i]; }

/* How two tokens were matched. */
enum vigil_tok_how { VIGIL_HOW_EXACT, VIGIL_HOW_SKELETON, VIGIL_HOW_KOREAN, VIGIL_HOW_EDIT,
		     VIGIL_HOW_INITIAL, VIGIL_HOW_JOINED, VIGIL_HOW_VOWELS, VIGIL_HOW_CONSONANTS, VIGIL_HOW_ALIAS };

/* The explanation of one name comparison. */
struct vigil_name_expl {
	double score;          /* 0..1 */
	double token_score;    /* before the discriminator caps */
	uint8_t npairs;
	struct {
		uint8_t a, b;      /* token indexes (a in the query, b in the candidate) */
		uint8_t a2, b2;    /* second token of a joined pair, or 255 */
		uint8_t how;       /* enum vigil_tok_how */
		float sim;
	} pair[VIGIL_NAME_MAXTOK];
	uint8_t unmatched_a, unmatched_b;
	uint8_t number_mismatch; /* numbers / hull numbers differ: capped */
	uint8_t legal_mismatch;  /* both carry legal forms and they differ */
	uint8_t order_changed;   /* person name tokens matched out of order */
};

/*
 * Similarity of two prepared names in [0,1]: one-to-one token assignment
 * (joined/split tokens allowed), per token exact > skeleton > Korean key >
 * edit distance with a length-dependent cliff (no edits below 4 letters);
 * weights by token length; unmatched extra tokens of the longer name count
 * half when the shorter is fully matched; numbers differing cap the score at
 * 0.5. e may be NULL. Pure function.
 */
double vigil_names_compare(const struct vigil_pname *a, const struct vigil_pname *b,
			   struct vigil_name_expl *e);

/*
 * 1 when token i of a person name is 2-3 consonant letters written together
 * (initials: "JC", "JRR"): vigil_names_compare may pair it (at the initials'
 * similarity) with as many adjacent NAME tokens of the other person name whose
 * raw text starts with those letters, in order. For score bounds. Pure.
 */
int vigil_names_glued_initials(const struct vigil_pname *p, int i);

/* Similarity of two tokens (skeletons and Korean keys as in vigil_pname); *how gets the rule. */
double vigil_token_sim(const char *skel_a, const char *kkey_a, const char *skel_b, const char *kkey_b, int *how);

struct vigil_translit;

/*
 * Prepare every comparable form of one raw UTF-8 name: "A/B" alternatives
 * split, "LAST, First" turned for persons, each romanised (several forms for
 * Han) and tokenised with flags. Writes up to max forms to out (caller-owned)
 * and returns how many.
 */
int vigil_name_forms(struct vigil_translit *t, const char *s, size_t len, int flags,
		     struct vigil_pname *out, int max);

/* Best vigil_names_compare over two sets of forms; *ia, *ib get the forms that gave it. */
double vigil_names_best(const struct vigil_pname *a, int na, const struct vigil_pname *b, int nb,
			struct vigil_name_expl *e, int *ia, int *ib);

/*
 * Names written both in Han, Hangul or kana are compared in that script: one
 * differing character (高石 / 高市, 김종은 / 김정은) is another person even when the
 * romanisations agree. Returns VIGIL_SCRIPT_CAP then, else 1.0 (a cap to apply).
 */
#define VIGIL_SCRIPT_CAP 0.7
double vigil_names_script_cap(const char *a, size_t la, const char *b, size_t lb);

/* Damerau-Levenshtein (optimal string alignment) distance, strings up to 63 bytes (longer are cut). */
int vigil_edit_distance(const char *a, size_t la, const char *b, size_t lb);

/* Jaro-Winkler similarity in [0,1]. */
double vigil_jaro_winkler(const char *a, size_t la, const char *b, size_t lb);

/* American Soundex code of an ASCII word into out[5] ("R163"); "" when no letter. */
void vigil_soundex(const char *s, size_t len, char out[5]);

/*
 * OFAC-style score (0..100) like OFAC's Sanctions List Search: uppercase,
 * punctuation removed, tokens of 2 letters or fewer dropped; Jaro-Winkler of
 * the names in their given order blended with the share of query tokens
 * whose Soundex code is found in the candidate.
 */
int vigil_ofac_score(const char *query_latin, const char *cand_latin);

#endif
