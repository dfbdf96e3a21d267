/* names.c - tokens, skeletons, Korean keys, legal-form symbols and the pairwise name score. */
#include <stdio.h>
#include <string.h>

#include "vigil/names.h"
#include "vigil/translit.h"

#define ORDER_PENALTY 0.9
/* Similarity of tokens d edits apart (within the length cliff): one typo is cheap, more are not. */
#define EDIT_SIM(d) ((d) == 1 ? 0.9 : (d) == 2 ? 0.78 : (d) == 3 ? 0.65 : 0.55)
/* Tokens left over on both sides (a substitution) are worse than an omitted middle name. */
#define CONFLICT_PENALTY 0.88
/* Weight kept by the extra tokens of the longer name when the shorter one is fully matched. */
#define EXTRA_PERSON 0.3
/* Differing legal forms of one family (LLC/Ltd) or of different families (LLC/JSC, GmbH/AG). */
#define LEGAL_NEAR 0.95
#define LEGAL_FAR 0.7
/* Vessel names are identifiers: a spelling difference counts more. */
#define VESSEL_EDIT 0.8
#define WEAKEST_BASE 0.8
/* Short name parts (Li, Su, Ko) still identify: they weigh at least this many letters. */
#define MIN_TOKEN_WEIGHT 3
#define EXTRA_OTHER 0.8

/* Legal forms, written as romanised lowercase token sequences, and the symbol each becomes. */
static const struct {
	const char *phrase, *sym;
} legal[] = {
	{ "obshchestvo s ogranichennoy otvetstvennostyu", "llc" },
	{ "obshchestvo s ogranichennoi otvetstvennostiu", "llc" },
	{ "obshchestvo s ogranichennoj otvetstvennostju", "llc" },
	{ "tovarystvo z obmezhenoyu vidpovidalnistyu", "llc" },
	{ "limited liability company", "llc" },
	{ "gesellschaft mit beschrankter haftung", "llc" },
	{ "gesellschaft mbh", "llc" },
	{ "aktiengesellschaft", "jsc" },
	{ "kommanditgesellschaft", "lp" },
	{ "societatea cu raspundere limitata", "llc" },
	{ "societate cu raspundere limitata", "llc" },
	{ "societe a responsabilite limitee", "llc" },
	{ "sociedad de responsabilidad limitada", "llc" },
	{ "societa a responsabilita limitata", "llc" },
	{ "spolka z ograniczona odpowiedzialnoscia", "llc" },
	{ "besloten vennootschap", "llc" },
	{ "naamloze vennootschap", "sa" },
	{ "societe anonyme", "sa" },
	{ "sociedad anonima", "sa" },
	{ "societa per azioni", "sa" },
	{ "sociedade anonima", "sa" },
	{ "societe par actions simplifiee", "sa" },
	{ "aktsionerno druzhestvo", "jsc" },
	{ "akcine bendrove", "jsc" },
	{ "anonim sirketi", "sa" },
	{ "limited sirketi", "ltd" },
	{ "avtonomnaya nekommercheskaya organizatsiya", "ano" },
	{ "nekommercheskaya organizatsiya", "ano" },
	{ "federalnoe gosudarstvennoe unitarnoe predpriyatie", "fgup" },
	{ "gosudarstvennoe unitarnoe predpriyatie", "gup" },
	{ "munitsipalnoe unitarnoe predpriyatie", "mup" },
	{ "individualnyy predprinimatel", "ip" },
	{ "limited partnership", "lp" },
	{ "limited liability partnership", "llp" },
	{ "publichnoe aktsionernoe obshchestvo", "jsc" },
	{ "otkrytoe aktsionernoe obshchestvo", "jsc" },
	{ "zakrytoe aktsionernoe obshchestvo", "jsc" },
	{ "aktsionernoe obshchestvo", "jsc" },
	{ "public joint stock company", "jsc" },
	{ "open joint stock company", "jsc" },
	{ "closed joint stock company", "jsc" },
	{ "joint stock company", "jsc" },
	{ "public limited company", "plc" },
	{ "private limited company", "ltd" },
	{ "company limited", "ltd" },
	{ "co ltd", "ltd" },
	{ "pte ltd", "ltd" },
	{ "pty ltd", "ltd" },
	{ "sp z o o", "llc" },
	{ "s de rl", "llc" },
	{ "l l c", "llc" },
	{ "s a", "sa" },
	{ "llc", "llc" }, { "ooo", "llc" }, { "tov", "llc" }, { "too", "llc" }, { "gmbh", "llc" },
	{ "sarl", "llc" }, { "srl", "llc" }, { "ltda", "llc" }, { "ood", "llc" }, { "kft", "llc" },
	{ "spzoo", "llc" }, { "bhd", "ltd" }, { "sdn", "ltd" },
	{ "jsc", "jsc" }, { "ao", "jsc" }, { "oao", "jsc" }, { "zao", "jsc" }, { "pao", "jsc" },
	{ "pjsc", "jsc" }, { "ojsc", "jsc" }, { "cjsc", "jsc" }, { "ag", "jsc" }, { "sa", "sa" },
	{ "spa", "sa" }, { "nv", "sa" }, { "bv", "llc" }, { "ab", "jsc" },
	{ "ltd", "ltd" }, { "limited", "ltd" }, { "plc", "plc" }, { "llp", "llp" }, { "lp", "lp" },
	{ "inc", "corp" }, { "incorporated", "corp" }, { "corp", "corp" }, { "corporation", "corp" },
	{ "co", "co" }, { "company", "co" }, { "fze", "fze" }, { "fzco", "fze" }, { "fzc", "fze" },
	{ "fzllc", "fze" }, { "dmcc", "fze" }, { "pvt", "ltd" }, { "private", "ltd" },
	{ "kk", "jsc" }, { "ano", "ano" }, { "fgup", "fgup" }, { "gup", "gup" }, { "mup", "mup" },
	{ "sas", "sa" }, { "sarl", "llc" }, { "as", "jsc" }, { "oy", "jsc" }, { "oyj", "jsc" }, { "kg", "lp" },
	{ "sro", "llc" }, { "doo", "llc" }, { "eood", "llc" }, { "ead", "jsc" }, { "ad", "jsc" }, { "kabushiki kaisha", "jsc" }, { "yugen kaisha", "llc" },
	{ "youxian gongsi", "ltd" }, { "gufen youxian gongsi", "jsc" }, { "jusik hoesa", "jsc" },
};

static const char *const stopwords[] = {
	"the", "of", "and", "for", "de", "du", "des", "la", "le", "el", "von", "van", "der", "den",
	"del", "da", "do", "dos", "das", "di", "y", "et", "und", "i",
};

static const char *const generic[] = {
	"trading", "shipping", "international", "intl", "group", "holding", "holdings", "industries",
	"industrial", "industry", "enterprise", "enterprises", "services", "service", "general",
	"global", "bank", "commercial", "management", "import", "export", "investment", "investments",
	"development", "logistics", "maritime", "marine", "navigation", "shipmanagement", "partners",
	"associates", "technologies", "technology", "solutions", "systems", "organization",
	"organisation", "foundation", "association", "corporation", "firm", "agency", "center", "centre",
};

/* Legal forms written after the name only ("Siemens AG", "Maersk A/S"). */
static const char *const suffix_forms[] = { "co", "as", "ad", "ab", "ag", "kg", "oy", "sa", "nv", "bv", "kk", "sas", "inc", "ltd", "plc", "lp" };

/* Abbreviations of generic words, folded to the full word. */
static const struct {
	const char *abbr, *full;
} abbrev[] = {
	{ "intl", "international" }, { "int", "international" }, { "natl", "national" },
	{ "assn", "association" }, { "assoc", "association" }, { "mfg", "manufacturing" },
	{ "svcs", "services" }, { "svc", "service" }, { "tech", "technology" }, { "bros", "brothers" },
	{ "univ", "university" }, { "inst", "institute" }, { "ind", "industries" }, { "dept", "department" },
	{ "gen", "general" }, { "mgmt", "management" }, { "mgt", "management" }, { "hldgs", "holdings" },
	{ "grp", "group" }, { "invt", "investment" }, { "dev", "development" }, { "ctr", "center" },
	{ "st", "saint" }, { "mt", "mount" }, { "ft", "fort" },
};

/*
 * Given names that are the same name in another language or a common short
 * form (general knowledge: English nicknames; Russian/Ukrainian/Belarusian and
 * Western cognates), as (word, group) sorted by word for binary search.
 */
static const struct {
	const char *w;
	uint8_t g;
} given_names[] = {
	{ "abraham", 35 }, { "aleh", 25 }, { "alejandro", 10 }, { "aleksandr", 10 }, { "aleksei", 33 },
	{ "aleksey", 33 }, { "alessandro", 10 }, { "alex", 10 }, { "alexander", 10 }, { "alexandr", 10 },
	{ "alexandre", 10 }, { "alexei", 33 }, { "alexey", 33 }, { "aliaksandr", 10 }, { "aliaksei", 33 },
	{ "anatolii", 32 }, { "anatoliy", 32 }, { "anatoly", 32 }, { "andrea", 17 }, { "andreas", 17 },
	{ "andrei", 17 }, { "andres", 17 }, { "andrew", 17 }, { "andrey", 17 }, { "andriy", 17 }, { "andrzej", 17 },
	{ "andy", 17 }, { "ben", 19 }, { "benjamin", 19 }, { "benny", 19 }, { "beth", 20 }, { "betty", 20 },
	{ "bill", 1 }, { "billy", 1 }, { "bob", 2 }, { "bobby", 2 }, { "caterina", 21 }, { "catherine", 21 },
	{ "constantine", 30 }, { "dan", 18 }, { "daniel", 18 }, { "daniil", 18 }, { "danila", 18 }, { "danny", 18 },
	{ "danylo", 18 }, { "daoud", 39 }, { "david", 39 }, { "dawood", 39 }, { "dawud", 39 }, { "dick", 3 },
	{ "dmitri", 31 }, { "dmitriy", 31 }, { "dmitry", 31 }, { "dmytro", 31 }, { "dzmitry", 31 }, { "ed", 7 },
	{ "eddie", 7 }, { "eduard", 7 }, { "eduardo", 7 }, { "edward", 7 }, { "egor", 13 }, { "ekaterina", 21 },
	{ "elisabeth", 20 }, { "elizabeth", 20 }, { "elizaveta", 20 }, { "esteban", 16 }, { "eugene", 29 },
	{ "evgenii", 29 }, { "evgeny", 29 }, { "fedor", 6 }, { "foma", 8 }, { "fyodor", 6 }, { "george", 13 },
	{ "georges", 13 }, { "georgiy", 13 }, { "georgy", 13 }, { "giorgio", 13 }, { "giovanni", 5 },
	{ "giuseppe", 12 }, { "gregory", 27 }, { "grigoriy", 27 }, { "grigory", 27 }, { "grzegorz", 27 },
	{ "guillaume", 1 }, { "guillermo", 1 }, { "hans", 5 }, { "heorhiy", 13 }, { "hryhoriy", 27 }, { "ian", 5 },
	{ "ibrahim", 35 }, { "igor", 26 }, { "ihor", 26 }, { "ioannis", 5 }, { "iosif", 12 }, { "isabel", 20 },
	{ "iurii", 24 }, { "ivan", 5 }, { "jack", 5 }, { "jacob", 40 }, { "james", 4 }, { "jamie", 4 },
	{ "jan", 5 }, { "jean", 5 }, { "jim", 4 }, { "jimmy", 4 }, { "joao", 5 }, { "joe", 12 }, { "johann", 5 },
	{ "johannes", 5 }, { "john", 5 }, { "johnny", 5 }, { "jorge", 13 }, { "jose", 12 }, { "josef", 12 },
	{ "joseph", 12 }, { "juan", 5 }, { "jurij", 24 }, { "kanstantsin", 30 }, { "kate", 21 }, { "katerina", 21 },
	{ "kateryna", 21 }, { "katherine", 21 }, { "kathy", 21 }, { "konstantin", 30 }, { "kostiantyn", 30 },
	{ "liz", 20 }, { "michael", 9 }, { "michal", 9 }, { "michel", 9 }, { "miguel", 9 }, { "mikael", 9 },
	{ "mikalai", 14 }, { "mike", 9 }, { "mikhail", 9 }, { "mikhailo", 9 }, { "misha", 34 }, { "moses", 37 },
	{ "musa", 37 }, { "mykhailo", 9 }, { "mykola", 14 }, { "niccolo", 14 }, { "nicholas", 14 }, { "nick", 14 },
	{ "nicola", 14 }, { "nicolas", 14 }, { "nikolai", 14 }, { "nikolay", 14 }, { "oleg", 25 }, { "oleh", 25 },
	{ "oleksandr", 10 }, { "oleksiy", 33 }, { "osip", 12 }, { "pablo", 15 }, { "paolo", 15 }, { "paul", 15 },
	{ "paulo", 15 }, { "pavel", 15 }, { "pavlo", 15 }, { "pedro", 11 }, { "pete", 11 }, { "peter", 11 },
	{ "petr", 11 }, { "petro", 11 }, { "pierre", 11 }, { "pietro", 11 }, { "piotr", 11 }, { "pyotr", 11 },
	{ "ricardo", 3 }, { "richard", 3 }, { "rick", 3 }, { "ricky", 3 }, { "rob", 2 }, { "robbie", 2 },
	{ "robert", 2 }, { "roberto", 2 }, { "sasha", 10 }, { "sean", 5 }, { "serge", 23 }, { "sergei", 23 },
	{ "sergey", 23 }, { "sergio", 23 }, { "sergiy", 23 }, { "serhiy", 23 }, { "siarhei", 23 },
	{ "solomon", 38 }, { "stefan", 16 }, { "stefano", 16 }, { "stepan", 16 }, { "stephan", 16 },
	{ "stephen", 16 }, { "steve", 16 }, { "steven", 16 }, { "sulayman", 38 }, { "suleiman", 38 }, { "ted", 6 },
	{ "teddy", 6 }, { "teodor", 6 }, { "theo", 6 }, { "theodore", 6 }, { "thomas", 8 }, { "tom", 8 },
	{ "tomas", 8 }, { "tommy", 8 }, { "uladzimir", 22 }, { "vasil", 28 }, { "vasiliy", 28 }, { "vasily", 28 },
	{ "vasyl", 28 }, { "vladimir", 22 }, { "volodymyr", 22 }, { "wilhelm", 1 }, { "will", 1 }, { "william", 1 },
	{ "willy", 1 }, { "wladimir", 22 }, { "wlodzimierz", 22 }, { "yakov", 40 }, { "yakub", 40 },
	{ "yaqub", 40 }, { "yegor", 13 }, { "yekaterina", 21 }, { "yelizaveta", 20 }, { "yevgeniy", 29 },
	{ "yevgeny", 29 }, { "yevhen", 29 }, { "yohannes", 5 }, { "yosef", 12 }, { "yuri", 24 }, { "yurii", 24 },
	{ "yuriy", 24 }, { "yury", 24 }, { "yusuf", 36 },
};

/* Number words and ordinals. */
static const struct {
	const char *w;
	int v;
} numwords[] = {
	{ "zero", 0 }, { "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 }, { "five", 5 }, { "six", 6 },
	{ "seven", 7 }, { "eight", 8 }, { "nine", 9 }, { "ten", 10 }, { "eleven", 11 }, { "twelve", 12 },
	{ "thirteen", 13 }, { "fourteen", 14 }, { "fifteen", 15 }, { "sixteen", 16 }, { "seventeen", 17 },
	{ "eighteen", 18 }, { "nineteen", 19 }, { "twenty", 20 }, { "thirty", 30 }, { "forty", 40 },
	{ "fourty", 40 }, { "fifty", 50 }, { "sixty", 60 }, { "seventy", 70 }, { "eighty", 80 }, { "ninety", 90 },
	{ "first", 1 }, { "second", 2 }, { "third", 3 }, { "fourth", 4 }, { "fifth", 5 }, { "sixth", 6 },
	{ "seventh", 7 }, { "eighth", 8 }, { "ninth", 9 }, { "tenth", 10 },
	{ "1st", 1 }, { "2nd", 2 }, { "3rd", 3 }, { "4th", 4 }, { "5th", 5 }, { "6th", 6 }, { "7th", 7 },
	{ "8th", 8 }, { "9th", 9 }, { "10th", 10 },
};

/* Arabic name particles folded to one spelling (low weight). */
static const struct {
	const char *v, *to;
} particles[] = {
	{ "bin", "bin" }, { "ben", "bin" }, { "ibn", "bin" }, { "bint", "bin" }, { "b", "bin" },
	{ "al", "al" }, { "el", "al" }, { "ul", "al" }, { "abu", "abu" }, { "abou", "abu" }, { "abo", "abu" },
};

static int numword(const char *s, size_t l)
{
	size_t i;

	for (i = 0; i < sizeof(numwords) / sizeof(numwords[0]); i++)
		if (l && numwords[i].w[0] == s[0] && strlen(numwords[i].w) == l && memcmp(numwords[i].w, s, l) == 0)
			return numwords[i].v;
	return -1;
}

/* Vessel name prefixes that are not part of the name. */
static const char *const vessel_prefix[] = { "mv", "mt", "ms", "mts", "ss", "fv", "my", "mfv", "lng", "lpg" };

/* Korean surnames in their common romanisations, folded to one key. */
static const struct {
	const char *v, *key;
} ksurname[] = {
	{ "lee", "ri" }, { "yi", "ri" }, { "rhee", "ri" }, { "ri", "ri" }, { "li", "ri" }, { "i", "ri" },
	{ "rhie", "ri" }, { "ree", "ri" }, { "ree", "ri" },
	{ "park", "pak" }, { "pak", "pak" }, { "bak", "pak" }, { "bag", "pak" }, { "bahk", "pak" }, { "pag", "pak" },
	{ "choi", "choe" }, { "choe", "choe" }, { "chwe", "choe" }, { "choy", "choe" }, { "choei", "choe" },
	{ "kim", "kim" }, { "gim", "kim" }, { "ghim", "kim" },
	{ "jung", "chong" }, { "chung", "chong" }, { "jeong", "chong" }, { "cheong", "chong" }, { "jong", "chong" },
	{ "chong", "chong" },
	{ "yun", "yun" }, { "yoon", "yun" }, { "youn", "yun" },
	{ "ryu", "yu" }, { "yu", "yu" }, { "yoo", "yu" }, { "ryoo", "yu" }, { "rew", "yu" },
	{ "im", "im" }, { "lim", "im" }, { "rim", "im" }, { "yim", "im" },
	{ "roh", "no" }, { "noh", "no" }, { "no", "no" }, { "ro", "no" },
	{ "o", "o" }, { "oh", "o" },
	{ "shin", "sin" }, { "sin", "sin" }, { "shinn", "sin" },
	{ "kang", "kang" }, { "gang", "kang" },
	{ "cho", "cho" }, { "jo", "cho" }, { "joe", "cho" },
	{ "jang", "chang" }, { "chang", "chang" },
	{ "kwon", "kwon" }, { "gwon", "kwon" }, { "kwan", "kwon" },
	{ "ko", "ko" }, { "go", "ko" }, { "koh", "ko" },
	{ "mun", "mun" }, { "moon", "mun" },
	{ "paek", "paek" }, { "baek", "paek" }, { "paik", "paek" }, { "baik", "paek" },
	{ "hyon", "hyon" }, { "hyun", "hyon" }, { "hyeon", "hyon" },
	{ "ryang", "yang" }, { "yang", "yang" },
	{ "son", "son" }, { "sohn", "son" },
	{ "han", "han" }, { "hahn", "han" },
	{ "ju", "chu" }, { "joo", "chu" }, { "chu", "chu" },
	{ "u", "u" }, { "woo", "u" }, { "wu", "u" },
};

static int streq_n(const char *a, size_t la, const char *b)
{
	return la && b[0] == a[0] && strncmp(a, b, la) == 0 && b[la] == 0;
}

static int in_set(const char *s, size_t l, const char *const *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (streq_n(s, l, set[i]))
			return 1;
	return 0;
}

/* Phonetic skeleton of one token: transliteration variants folded. */
static size_t skeleton(const char *s, size_t l, char *out, size_t cap)
{
	char tmp[128];
	size_t i = 0, k = 0, j, o = 0;

	while (i < l && k + 3 < sizeof(tmp)) {
		const char *p = s + i;
		size_t rest = l - i;

#define ST(lit) (rest >= sizeof(lit) - 1 && memcmp(p, lit, sizeof(lit) - 1) == 0)
		if (ST("shch")) { tmp[k++] = 's'; tmp[k++] = 'h'; i += 4; }
		else if (ST("sch")) { tmp[k++] = 's'; tmp[k++] = 'h'; i += 3; }
		else if (ST("tch")) { tmp[k++] = 'c'; tmp[k++] = 'h'; i += 3; }
		else if (ST("dzh")) { tmp[k++] = 'j'; i += 3; }
		else if (ST("zh")) { tmp[k++] = 'j'; i += 2; }
		else if (ST("kh")) { tmp[k++] = 'h'; i += 2; }
		else if (ST("ph")) { tmp[k++] = 'f'; i += 2; }
		else if (ST("ck")) { tmp[k++] = 'k'; i += 2; }
		else if (ST("th")) { tmp[k++] = 't'; i += 2; }
		else if (ST("ts") || ST("tz")) { tmp[k++] = 'c'; i += 2; }
		else if (ST("ou")) { tmp[k++] = 'u'; i += 2; }
		else if (ST("oo")) { tmp[k++] = 'u'; i += 2; }
		else if (ST("ee")) { tmp[k++] = 'i'; i += 2; }
		else if (*p == 'x') { tmp[k++] = 'k'; tmp[k++] = 's'; i++; }
		else if (*p == 'q') { tmp[k++] = 'k'; i++; }
		else if (*p == 'w') { tmp[k++] = 'v'; i++; }
		else if (*p == 'y') { tmp[k++] = 'i'; i++; }
		else { tmp[k++] = *p; i++; }
#undef ST
	}
	/* Trailing "ii" (Dmitrii, Dmitriy) is one i. */
	if (k >= 3 && tmp[k - 1] == 'i' && tmp[k - 2] == 'i')
		k--;
	for (j = 0; j < k && o + 1 < cap; j++)
		if (!o || tmp[j] != out[o - 1] || (tmp[j] >= '0' && tmp[j] <= '9'))
			out[o++] = tmp[j];
	out[o] = 0;
	return o;
}

/* Korean key: romanisation variants of Korean syllables folded (McCune-Reischauer, RR, DPRK usage). */
static size_t korean_key(const char *s, size_t l, char *out, size_t cap)
{
	char tmp[64];
	size_t i, k = 0, o = 0, j;

	out[0] = 0;
	if (l > 10 || cap < 24)
		return 0;
	for (i = 0; i < sizeof(ksurname) / sizeof(ksurname[0]); i++)
		if (streq_n(s, l, ksurname[i].v)) {
			strcpy(out, ksurname[i].key);
			return strlen(out);
		}
	for (i = 0; i < l; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	i = 0;
	while (i < l && k + 3 < sizeof(tmp)) {
		const char *p = s + i;
		size_t rest = l - i;
		char prev = k ? tmp[k - 1] : 0;

		if (rest >= 2 && p[0] == 'e' && p[1] == 'o') { tmp[k++] = 'o'; i += 2; }
		else if (rest >= 2 && p[0] == 'e' && p[1] == 'u') { tmp[k++] = 'u'; i += 2; }
		else if (rest >= 2 && p[0] == 'o' && p[1] == 'o') { tmp[k++] = 'u'; i += 2; }
		else if (rest >= 2 && p[0] == 'e' && p[1] == 'e') { tmp[k++] = 'i'; i += 2; }
		else if (rest >= 2 && p[0] == 'a' && p[1] == 'e') { tmp[k++] = 'e'; i += 2; }
		else if (rest >= 3 && p[0] == 'u' && p[1] == 'n' && p[2] == 'g') { tmp[k++] = 'o'; i++; }
		else if (rest >= 2 && p[0] == 's' && p[1] == 'h') { tmp[k++] = 's'; i += 2; }
		else if (p[0] == 'h' && (prev == 'k' || prev == 't' || prev == 'p')) { i++; }
		else if (p[0] == 'g' && prev != 'n') { tmp[k++] = 'k'; i++; }
		else if (p[0] == 'd') { tmp[k++] = 't'; i++; }
		else if (p[0] == 'b') { tmp[k++] = 'p'; i++; }
		else if (p[0] == 'j') { tmp[k++] = 'c'; tmp[k++] = 'h'; i++; }
		else if (p[0] == 'r') { tmp[k++] = 'l'; i++; }
		else if (p[0] == 'w' && rest >= 2 && p[1] == 'o') { tmp[k++] = 'o'; i += 2; }
		else { tmp[k++] = p[0]; i++; }
	}
	for (j = 0; j < k && o + 1 < cap; j++)
		if (!o || tmp[j] != out[o - 1])
			out[o++] = tmp[j];
	out[o] = 0;
	return o;
}

static int is_roman(const char *s, size_t l)
{
	static const char *const r[] = { "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii" };

	return in_set(s, l, r, sizeof(r) / sizeof(r[0]));
}

static int all_digits(const char *s, size_t l)
{
	size_t i;

	for (i = 0; i < l; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return l > 0;
}

static int given_group(const char *t);

static void push(struct vigil_pname *p, size_t *used, const char *s, size_t l, int kind)
{
	char sk[128], kk[32];
	size_t sl, kl;

	if (p->n >= VIGIL_NAME_MAXTOK || l == 0 || l > 100)
		return;
	sl = kind == VIGIL_TOK_NAME || kind == VIGIL_TOK_GENERIC || kind == VIGIL_TOK_STOP
		     ? skeleton(s, l, sk, sizeof(sk)) : (memcpy(sk, s, l), sk[l] = 0, l);
	kl = kind == VIGIL_TOK_NAME ? korean_key(s, l, kk, sizeof(kk)) : (kk[0] = 0, 0);
	if (*used + l + sl + kl + 3 > sizeof(p->buf))
		return;
	p->kind[p->n] = (uint8_t)kind;
	p->raw[p->n] = (uint16_t)*used;
	memcpy(p->buf + *used, s, l);
	p->buf[*used + l] = 0;
	*used += l + 1;
	p->skel[p->n] = (uint16_t)*used;
	memcpy(p->buf + *used, sk, sl + 1);
	*used += sl + 1;
	p->kkey[p->n] = (uint16_t)*used;
	memcpy(p->buf + *used, kk, kl + 1);
	*used += kl + 1;
	p->len[p->n] = (uint8_t)(sl > 255 ? 255 : sl);
	p->grp[p->n] = 0;
	if (kind == VIGIL_TOK_NAME && (p->flags & VIGIL_PN_PERSON) && l >= 2 && l < 16) {
		char w[16];

		memcpy(w, s, l);
		w[l] = 0;
		p->grp[p->n] = (uint8_t)given_group(w);
	}
	p->n++;
}

void vigil_pname_build(struct vigil_pname *p, const char *latin, int flags)
{
	const char *ts[64];
	char joinbuf[128];
	size_t tl[64], nt = 0, i, used = 0;
	const char *s = latin;
	uint16_t head[27], nxt[sizeof(legal) / sizeof(legal[0])];
	int chained = 0;

	p->n = 0;
	p->flags = (uint8_t)flags;
	while (*s && nt < 64) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		ts[nt] = s;
		while (*s && *s != ' ')
			s++;
		tl[nt] = (size_t)(s - ts[nt]);
		nt++;
	}
	if (flags & VIGIL_PN_ORG) {
		/* "a b c company" (from A.B.C.) -> "abc company" */
		size_t r, w = 0;

		for (r = 0; r < nt; r++) {
			if (tl[r] == 1 && r + 1 < nt && tl[r + 1] == 1) {
				/* the letters sit two bytes apart in the romanised string ("a b c") */
				size_t q = r;

				while (q + 1 < nt && tl[q + 1] == 1 && ts[q + 1] == ts[q] + 2)
					q++;
				if (q > r && w < sizeof(joinbuf) / 2) {
					size_t k3, st = w;

					for (k3 = r; k3 <= q && w + 1 < sizeof(joinbuf); k3++)
						joinbuf[w++] = ts[k3][0];
					ts[r] = joinbuf + st;
					tl[r] = w - st;
					joinbuf[w++] = 0;
					memmove(&ts[r + 1], &ts[q + 1], (nt - q - 1) * sizeof(ts[0]));
					memmove(&tl[r + 1], &tl[q + 1], (nt - q - 1) * sizeof(tl[0]));
					nt -= q - r;
				}
			}
		}
	}
	i = 0;
	if (flags & VIGIL_PN_VESSEL) {
		/* "m v name", "mv name" */
		if (nt >= 3 && tl[0] == 1 && tl[1] == 1 && ts[0][0] == 'm' && (ts[1][0] == 'v' || ts[1][0] == 't'))
			i = 2;
		else if (nt >= 2 && in_set(ts[0], tl[0], vessel_prefix, sizeof(vessel_prefix) / sizeof(vessel_prefix[0])))
			i = 1;
	}
	while (i < nt) {
		size_t best = 0, bl = 0, k;
		const char *sym = NULL;

		/*
		 * Longest legal-form phrase starting here. The phrases are chained by first
		 * letter (in table order, made once per call) so a token visits only its own.
		 */
		if (!chained) {
			size_t q = sizeof(legal) / sizeof(legal[0]);

			memset(head, 0xFF, sizeof(head));
			while (q-- > 0) {
				unsigned char c0 = (unsigned char)legal[q].phrase[0];
				int bkt = c0 >= 'a' && c0 <= 'z' ? c0 - 'a' : 26;

				nxt[q] = head[bkt];
				head[bkt] = (uint16_t)q;
			}
			chained = 1;
		}
		for (k = head[(unsigned char)ts[i][0] >= 'a' && (unsigned char)ts[i][0] <= 'z' ? ts[i][0] - 'a' : 26];
		     k != 0xFFFF; k = nxt[k]) {
			const char *ph = legal[k].phrase;
			size_t w = 0, j = i, pl, pos = 0;

			if (ph[0] != ts[i][0])
				continue;
			pl = strlen(ph);

			while (j < nt && pos < pl) {
				if (pos + tl[j] > pl || memcmp(ph + pos, ts[j], tl[j]) != 0)
					break;
				pos += tl[j];
				if (pos < pl) {
					if (ph[pos] != ' ')
						break;
					pos++;
				}
				j++;
				w++;
			}
			if (pos == pl && w > best) {
				best = w;
				bl = pl;
				sym = legal[k].sym;
			}
		}
		(void)bl;
		/* Short one-word forms count at the start or the end of a name only; suffix-only forms at the end. */
		if (sym && best == 1 && nt > 1 && tl[i] <= 3) {
			int last = i + 1 == nt, suffix_only = in_set(ts[i], tl[i], suffix_forms,
								       sizeof(suffix_forms) / sizeof(suffix_forms[0]));

			if (!last && (i != 0 || suffix_only))
				sym = NULL;
		}
		if (sym) {
			push(p, &used, sym, strlen(sym), VIGIL_TOK_LEGAL);
			i += best;
			continue;
		}
		if (!(flags & VIGIL_PN_PERSON) && numword(ts[i], tl[i]) >= 0) {
			int v = numword(ts[i], tl[i]);
			char d[16];

			/* "forty four", "forty 4" -> 44 */
			if (v >= 20 && v % 10 == 0 && i + 1 < nt) {
				int u = numword(ts[i + 1], tl[i + 1]);

				if (u < 0 && tl[i + 1] == 1 && ts[i + 1][0] >= '1' && ts[i + 1][0] <= '9')
					u = ts[i + 1][0] - '0';
				if (u >= 1 && u <= 9) {
					v += u;
					i++;
				}
			}
			snprintf(d, sizeof(d), "%d", v);
			push(p, &used, d, strlen(d), VIGIL_TOK_NUMBER);
			i++;
			continue;
		}
		{
			size_t k2;
			int done = 0;

			for (k2 = 0; k2 < sizeof(particles) / sizeof(particles[0]) && nt > 1; k2++)
				if (streq_n(ts[i], tl[i], particles[k2].v) && (tl[i] > 1 || (flags & VIGIL_PN_PERSON))) {
					push(p, &used, particles[k2].to, strlen(particles[k2].to), VIGIL_TOK_STOP);
					done = 1;
					break;
				}
			for (k2 = 0; !done && !(flags & VIGIL_PN_PERSON) && k2 < sizeof(abbrev) / sizeof(abbrev[0]); k2++)
				if (streq_n(ts[i], tl[i], abbrev[k2].abbr) && nt > 1) {
					push(p, &used, abbrev[k2].full, strlen(abbrev[k2].full),
					     in_set(abbrev[k2].full, strlen(abbrev[k2].full), generic,
						    sizeof(generic) / sizeof(generic[0])) ? VIGIL_TOK_GENERIC : VIGIL_TOK_NAME);
					done = 1;
				}
			if (done) {
				i++;
				continue;
			}
		}
		if (all_digits(ts[i], tl[i]) ||
		    ((flags & VIGIL_PN_VESSEL) && i > 0 && (is_roman(ts[i], tl[i]) || tl[i] == 1)) ||
		    ((flags & VIGIL_PN_ORG) && i > 0 && tl[i] > 1 && is_roman(ts[i], tl[i])))
			push(p, &used, ts[i], tl[i], VIGIL_TOK_NUMBER);
		else if (in_set(ts[i], tl[i], stopwords, sizeof(stopwords) / sizeof(stopwords[0])) && nt > 1)
			push(p, &used, ts[i], tl[i], VIGIL_TOK_STOP);
		else if (in_set(ts[i], tl[i], generic, sizeof(generic) / sizeof(generic[0])) && nt > 1)
			push(p, &used, ts[i], tl[i], VIGIL_TOK_GENERIC);
		else
			push(p, &used, ts[i], tl[i], VIGIL_TOK_NAME);
		i++;
	}
	/* A vessel name that is only letters+digits glued ("maria2") keeps its digits as a number too. */
}

int vigil_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	int d[64][64];
	size_t i, j;

	if (la > 63)
		la = 63;
	if (lb > 63)
		lb = 63;
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int c = a[i - 1] == b[j - 1] ? 0 : 1, v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < v)
				v = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Vowels folded to one and runs collapsed: Osama/Usama, Laden/Ladin, Mohammed/Muhammad. */
static size_t vowel_fold(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 1 < cap; s++) {
		char c = is_vowel(*s) ? 'a' : *s;

		if (!o || out[o - 1] != c)
			out[o++] = c;
	}
	out[o] = 0;
	return o;
}

/* Consonant classes only (abjad scripts write few vowels): b/p/f/v, k/q/g/c, s/z/x, t/d... */
static size_t consonant_key(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 1 < cap; s++) {
		char c = *s;

		if (is_vowel(c) || c == 'h' || c == 'v' || c == 'i' || c == 'w' || c == 'y')
			continue;
		if (c == 'p' || c == 'f')
			c = 'b';
		else if (c == 'q' || c == 'g' || c == 'c')
			c = 'k';
		else if (c == 'z' || c == 'x')
			c = 's';
		else if (c == 'd')
			c = 't';
		if (!o || out[o - 1] != c)
			out[o++] = c;
	}
	out[o] = 0;
	return o;
}

/* Group (1..) of a given name, 0 if none. */
static int given_group(const char *t)
{
	size_t lo = 0, hi = sizeof(given_names) / sizeof(given_names[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(given_names[mid].w, t);

		if (c == 0)
			return given_names[mid].g;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * Damerau-Levenshtein (optimal string alignment) distance when it is at most k,
 * else some value above k: rows are dropped once two in a row exceed k (no
 * later cell can come back under it). Same result as vigil_edit_distance up to k.
 */
static int osa_within(const char *a, size_t la, const char *b, size_t lb, int k)
{
	int r0[64], r1[64], r2[64], *pp = r2, *p = r1, *c = r0, prevmin = 0;
	size_t i, j;

	if (la > 63 || lb > 63)
		return vigil_edit_distance(a, la, b, lb);
	for (j = 0; j <= lb; j++)
		p[j] = (int)j;
	for (i = 1; i <= la; i++) {
		int rowmin = (int)i, *t;

		c[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			int v = p[j] + 1, cost = a[i - 1] == b[j - 1] ? 0 : 1;

			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (p[j - 1] + cost < v)
				v = p[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > k && prevmin > k)
			return k + 1;
		prevmin = rowmin;
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb];
}

/* Bit of a letter or digit in a 64-bit set; every other byte shares bit 63 (a looser set, still a lower bound). */
static unsigned lbit(char c)
{
	return c >= 'a' && c <= 'z' ? (unsigned)(c - 'a') : c >= '0' && c <= '9' ? 26u + (unsigned)(c - '0') : 63u;
}

/*
 * vigil_token_sim with the skeleton lengths known; va/vb are the vowel folds
 * of sa and sb, made on first use when *vaok (or *vbok) is 0, which then becomes 1.
 */
static double tsim(const char *sa, size_t la, const char *ka, char *va, int *vaok, const char *sb, size_t lb,
		   const char *kb, char *vb, int *vbok, int *how)
{
	size_t L = la > lb ? la : lb, mn = la < lb ? la : lb;
	int d, allowed;
	double s = 0;

	*how = VIGIL_HOW_EXACT;
	if (la == lb && memcmp(sa, sb, la) == 0) {
		*how = VIGIL_HOW_SKELETON;
		return 0.97;
	}
	if (ka[0] && kb[0] && strcmp(ka, kb) == 0) {
		*how = VIGIL_HOW_KOREAN;
		return 0.92;
	}
	if (mn == 0)
		return 0;
	if (mn >= 3 && L - mn <= 2) {
		if (!*vaok)
			vowel_fold(sa, va, 128), *vaok = 1;
		if (!*vbok)
			vowel_fold(sb, vb, 128), *vbok = 1;
		if (strcmp(va, vb) == 0) {
			*how = VIGIL_HOW_VOWELS;
			s = 0.9;
		}
	}
	allowed = L <= 3 ? 0 : L <= 5 ? 1 : L <= 8 ? 2 : L <= 12 ? 3 : 4;
	if (sa[0] != sb[0] && !(is_vowel(sa[0]) && is_vowel(sb[0])))
		allowed--;
	if (allowed <= 0 || (size_t)allowed < (L - mn))
		return s;
	{
		/*
		 * Lower bound: a letter of one word that the other word lacks needs its own
		 * substitution or deletion (a transposition only moves shared letters).
		 */
		uint64_t ma = 0, mb = 0;
		size_t i;
		int ca = 0, cb = 0;

		for (i = 0; i < la; i++)
			ma |= 1ull << lbit(sa[i]);
		for (i = 0; i < lb; i++)
			mb |= 1ull << lbit(sb[i]);
		for (i = 0; i < la; i++)
			ca += !(mb >> lbit(sa[i]) & 1);
		for (i = 0; i < lb; i++)
			cb += !(ma >> lbit(sb[i]) & 1);
		if (ca > allowed || cb > allowed)
			return s;
	}
	d = osa_within(sa, la, sb, lb, allowed);
	if (d > allowed || EDIT_SIM(d) <= s)
		return s;
	*how = VIGIL_HOW_EDIT;
	return EDIT_SIM(d);
}

double vigil_token_sim(const char *sa, const char *ka, const char *sb, const char *kb, int *how)
{
	char va[128], vb[128];
	int vaok = 0, vbok = 0;

	return tsim(sa, strlen(sa), ka, va, &vaok, sb, strlen(sb), kb, vb, &vbok, how);
}

static double tok_weight(const struct vigil_pname *p, int i)
{
	double w = p->len[i] < MIN_TOKEN_WEIGHT ? MIN_TOKEN_WEIGHT : p->len[i] > 10 ? 10 : p->len[i];

	if (p->kind[i] == VIGIL_TOK_STOP)
		w *= 0.3;
	else if (p->kind[i] == VIGIL_TOK_GENERIC)
		w *= 0.6;
	return w;
}

/* Legal form families: 1 private/limited companies, 2 stock companies, 3 non-commercial or state bodies. */
static int legal_family(const struct vigil_pname *p)
{
	static const char *const stock[] = { "jsc", "sa" }, *const state[] = { "ano", "gup", "fgup", "mup" };
	int i;

	for (i = 0; i < p->n; i++) {
		const char *t = vigil_pname_raw(p, i);

		if (p->kind[i] != VIGIL_TOK_LEGAL)
			continue;
		if (in_set(t, strlen(t), stock, 2))
			return 2;
		if (in_set(t, strlen(t), state, 4))
			return 3;
		return 1;
	}
	return 0;
}

static int countable(int kind)
{
	return kind == VIGIL_TOK_NAME || kind == VIGIL_TOK_GENERIC || kind == VIGIL_TOK_STOP;
}

/* Compare sorted multisets of number tokens (and legal symbols). 1 when equal. */
static int same_kind_set(const struct vigil_pname *a, const struct vigil_pname *b, int kind, int *any_a, int *any_b)
{
	int i, j, na = 0, nb = 0, used[VIGIL_NAME_MAXTOK] = { 0 };

	for (i = 0; i < a->n; i++)
		na += a->kind[i] == kind;
	for (j = 0; j < b->n; j++)
		nb += b->kind[j] == kind;
	*any_a = na;
	*any_b = nb;
	if (na != nb)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (a->kind[i] != kind)
			continue;
		for (j = 0; j < b->n; j++)
			if (!used[j] && b->kind[j] == kind && strcmp(vigil_pname_skel(a, i), vigil_pname_skel(b, j)) == 0)
				break;
		if (j == b->n)
			return 0;
		used[j] = 1;
	}
	return 1;
}

/* Try to match an unmatched token on one side with two or three adjacent unmatched tokens on the other. */
static void joined(const struct vigil_pname *x, const struct vigil_pname *y, int *mx, int *my,
		   struct vigil_name_expl *e, double *mw, int swap)
{
	int i, j, span;
	size_t ykl[VIGIL_NAME_MAXTOK]; /* Korean key lengths of y's tokens */

	for (j = 0; j < y->n; j++)
		ykl[j] = strlen(vigil_pname_kkey(y, j));
	for (i = 0; i < x->n; i++) {
		size_t xkl;

		if (mx[i] >= 0 || !countable(x->kind[i]))
			continue;
		xkl = strlen(vigil_pname_kkey(x, i));
		for (span = 2; span <= 3 && mx[i] < 0; span++)
			for (j = 0; j + span <= y->n; j++) {
				char cs[128], ck[64];
				size_t cl = 0, kl = 0;
				int how, k, ok = 1, korean = 1;
				double s, w;

				/*
				 * A similarity of 0.8 or more needs skeleton lengths within 2 (vowel rule,
				 * one edit) or equal Korean keys (the joined key is the concatenation, so
				 * the lengths add up): skip the join when neither can hold.
				 */
				{
					size_t tl = 0, xl = x->len[i], kl2 = 0;
					int kok = xkl > 0;

					for (k = j; k < j + span; k++) {
						tl += y->len[k];
						if (kok) {
							kok = ykl[k] > 0;
							kl2 += ykl[k];
						}
					}
					if ((tl > xl + 2 || xl > tl + 2) && (!kok || kl2 != xkl))
						continue;
				}
				for (k = j; k < j + span; k++) {
					const char *sk = vigil_pname_skel(y, k), *kk = vigil_pname_kkey(y, k);

					if (my[k] >= 0 || !countable(y->kind[k]) || cl + strlen(sk) + 1 > sizeof(cs)) {
						ok = 0;
						break;
					}
					memcpy(cs + cl, sk, strlen(sk));
					cl += strlen(sk);
					if (!kk[0] || kl + strlen(kk) + 1 > sizeof(ck))
						korean = 0;
					else {
						memcpy(ck + kl, kk, strlen(kk));
						kl += strlen(kk);
					}
				}
				if (!ok)
					continue;
				cs[cl] = 0;
				ck[korean ? kl : 0] = 0;
				s = vigil_token_sim(vigil_pname_skel(x, i), vigil_pname_kkey(x, i), cs, ck, &how);
				if (s < 0.8)
					continue;
				mx[i] = j;
				w = tok_weight(x, i);
				for (k = j; k < j + span; k++) {
					my[k] = i;
					w += tok_weight(y, k);
				}
				*mw += s * w;
				if (e && e->npairs < VIGIL_NAME_MAXTOK) {
					e->pair[e->npairs].a = (uint8_t)(swap ? j : i);
					e->pair[e->npairs].b = (uint8_t)(swap ? i : j);
					e->pair[e->npairs].a2 = (uint8_t)(swap ? j + span - 1 : 255);
					e->pair[e->npairs].b2 = (uint8_t)(swap ? 255 : j + span - 1);
					e->pair[e->npairs].how = VIGIL_HOW_JOINED;
					e->pair[e->npairs].sim = (float)s;
					e->npairs++;
				}
				break;
			}
	}
}

double vigil_names_compare(const struct vigil_pname *a, const struct vigil_pname *b, struct vigil_name_expl *e)
{
	double S[VIGIL_NAME_MAXTOK][VIGIL_NAME_MAXTOK];
	int H[VIGIL_NAME_MAXTOK][VIGIL_NAME_MAXTOK];
	int ma[VIGIL_NAME_MAXTOK], mb[VIGIL_NAME_MAXTOK];
	char fa[VIGIL_NAME_MAXTOK][128], fb[VIGIL_NAME_MAXTOK][128]; /* vowel folds, made on first use */
	int fa_ok[VIGIL_NAME_MAXTOK] = { 0 }, fb_ok[VIGIL_NAME_MAXTOK] = { 0 };
	double mw = 0, tw = 0, wa_un = 0, wb_un = 0, score;
	int i, j, ca = 0, cb = 0, full_a = 1, full_b = 1, na_m = 0, nb_m = 0, anya, anyb, lega, legb;
	struct vigil_name_expl dummy;
	int initials = !((a->flags | b->flags) & (VIGIL_PN_VESSEL | VIGIL_PN_ORG));
	int conflict_a = 0, conflict_b = 0, p;
	double min_sim = 1;

	if (!e)
		e = &dummy;
	memset(e, 0, sizeof(*e));
	for (i = 0; i < a->n; i++) {
		ma[i] = -1;
		ca += countable(a->kind[i]);
	}
	for (j = 0; j < b->n; j++) {
		mb[j] = -1;
		cb += countable(b->kind[j]);
	}
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++) {
			S[i][j] = 0;
			H[i][j] = 0;
			if (!countable(a->kind[i]) || !countable(b->kind[j]))
				continue;
			/* Equal tokens have equal skeletons: compare the text only when the lengths agree. */
			if (a->len[i] == b->len[j] && strcmp(vigil_pname_raw(a, i), vigil_pname_raw(b, j)) == 0) {
				S[i][j] = 1.0;
				H[i][j] = VIGIL_HOW_EXACT;
				continue;
			}
			S[i][j] = tsim(vigil_pname_skel(a, i), a->len[i], vigil_pname_kkey(a, i), fa[i], &fa_ok[i],
				       vigil_pname_skel(b, j), b->len[j], vigil_pname_kkey(b, j), fb[j], &fb_ok[j], &H[i][j]);
			if (H[i][j] == VIGIL_HOW_EDIT && ((a->flags | b->flags) & VIGIL_PN_VESSEL))
				S[i][j] *= VESSEL_EDIT;
			if (S[i][j] < 0.9 && ((a->flags | b->flags) & VIGIL_PN_PERSON) && a->kind[i] == VIGIL_TOK_NAME &&
			    b->kind[j] == VIGIL_TOK_NAME) {
				if (a->grp[i] && a->grp[i] == b->grp[j]) {
					S[i][j] = 0.9;
					H[i][j] = VIGIL_HOW_ALIAS;
				}
			}
			if (S[i][j] == 0 && ((a->flags | b->flags) & VIGIL_PN_ABJAD) && a->len[i] >= 3 && b->len[j] >= 3) {
				char x[128], y[128];

				if (consonant_key(vigil_pname_skel(a, i), x, sizeof(x)) >= 2 &&
				    consonant_key(vigil_pname_skel(b, j), y, sizeof(y)) >= 2 && strcmp(x, y) == 0) {
					S[i][j] = 0.8;
					H[i][j] = VIGIL_HOW_CONSONANTS;
				}
			}
			if (S[i][j] == 0 && initials && (a->len[i] == 1 || b->len[j] == 1) &&
			    vigil_pname_skel(a, i)[0] == vigil_pname_skel(b, j)[0] && a->kind[i] == VIGIL_TOK_NAME &&
			    b->kind[j] == VIGIL_TOK_NAME) {
				S[i][j] = 0.6;
				H[i][j] = VIGIL_HOW_INITIAL;
			}
		}
	/* Greedy one-to-one assignment, best pair first. */
	for (;;) {
		double best = 0.5;
		int bi = -1, bj = -1;

		for (i = 0; i < a->n; i++) {
			if (ma[i] >= 0)
				continue;
			for (j = 0; j < b->n; j++)
				if (mb[j] < 0 && S[i][j] > best + 1e-12) {
					best = S[i][j];
					bi = i;
					bj = j;
				}
		}
		if (bi < 0)
			break;
		ma[bi] = bj;
		mb[bj] = bi;
		mw += best * (tok_weight(a, bi) + tok_weight(b, bj));
		if (e->npairs < VIGIL_NAME_MAXTOK) {
			e->pair[e->npairs].a = (uint8_t)bi;
			e->pair[e->npairs].b = (uint8_t)bj;
			e->pair[e->npairs].a2 = e->pair[e->npairs].b2 = 255;
			e->pair[e->npairs].how = (uint8_t)H[bi][bj];
			e->pair[e->npairs].sim = (float)best;
			e->npairs++;
		}
	}
	joined(a, b, ma, mb, e, &mw, 0);
	joined(b, a, mb, ma, e, &mw, 1);
	for (p = 0; p < e->npairs; p++)
		if (e->pair[p].sim < min_sim && e->pair[p].how != VIGIL_HOW_INITIAL)
			min_sim = e->pair[p].sim;
	for (i = 0; i < a->n; i++) {
		if (!countable(a->kind[i]))
			continue;
		tw += tok_weight(a, i);
		if (ma[i] >= 0)
			na_m++;
		else {
			full_a = 0;
			wa_un += tok_weight(a, i);
			e->unmatched_a++;
			conflict_a += a->kind[i] == VIGIL_TOK_NAME || a->kind[i] == VIGIL_TOK_GENERIC;
		}
	}
	for (j = 0; j < b->n; j++) {
		if (!countable(b->kind[j]))
			continue;
		tw += tok_weight(b, j);
		if (mb[j] >= 0)
			nb_m++;
		else {
			full_b = 0;
			wb_un += tok_weight(b, j);
			e->unmatched_b++;
			conflict_b += b->kind[j] == VIGIL_TOK_NAME || b->kind[j] == VIGIL_TOK_GENERIC;
		}
	}
	if (ca == 0 || cb == 0) {
		/* Names made only of numbers or legal forms. */
		score = (ca == 0 && cb == 0 && same_kind_set(a, b, VIGIL_TOK_NUMBER, &anya, &anyb) && anya) ? 1.0 : 0.0;
	} else {
		double denom = tw;

		/* Extra tokens (middle names, patronymics) count half when the other name is fully matched. */
		double extra = ((a->flags | b->flags) & VIGIL_PN_PERSON) ? EXTRA_PERSON : EXTRA_OTHER;

		/* ... as long as they do not outnumber the matched ones. */
		if (full_a && na_m >= 2 && e->unmatched_b <= na_m)
			denom -= (1 - extra) * wb_un;
		if (full_b && nb_m >= 2 && e->unmatched_a <= nb_m)
			denom -= (1 - extra) * wa_un;
		score = denom > 0 ? mw / denom : 0;
		if (conflict_a && conflict_b)
			score *= CONFLICT_PENALTY;
		/* A name matches only as well as its weakest matched part (mildly). */
		if (min_sim < 1)
			score *= WEAKEST_BASE + (1 - WEAKEST_BASE) * min_sim;
	}
	if (score > 1)
		score = 1;
	if ((a->flags & b->flags & VIGIL_PN_PERSON) && e->npairs > 1) {
		/*
		 * Person names matched out of order get a small penalty, except a
		 * rotation (surname first or last: "KIM Jong Un" / "Jong Un KIM").
		 */
		int q, ord[VIGIL_NAME_MAXTOK], no = 0, breaks = 0;

		for (q = 0; q < a->n; q++) {
			int r;

			for (r = 0; r < e->npairs; r++)
				if (e->pair[r].a == q)
					ord[no++] = e->pair[r].b;
		}
		for (q = 0; q < no; q++)
			breaks += ord[(q + 1) % no] < ord[q];
		if (breaks > 1) {
			e->order_changed = 1;
			score *= ORDER_PENALTY;
		}
	}
	e->token_score = score;
	if (!same_kind_set(a, b, VIGIL_TOK_NUMBER, &anya, &anyb)) {
		e->number_mismatch = 1;
		if (score > 0.5)
			score = 0.5;
	}
	if (!same_kind_set(a, b, VIGIL_TOK_LEGAL, &lega, &legb) && lega && legb) {
		e->legal_mismatch = 1;
		score *= legal_family(a) == legal_family(b) ? LEGAL_NEAR : LEGAL_FAR;
	}
	e->score = score;
	return score;
}

double vigil_jaro_winkler(const char *a, size_t la, const char *b, size_t lb)
{
	char ma[256], mb[256];
	size_t i, j, m = 0, t = 0, k = 0, win, pre = 0;
	double jaro;

	if (la > 255)
		la = 255;
	if (lb > 255)
		lb = 255;
	if (!la && !lb)
		return 1;
	if (!la || !lb)
		return 0;
	memset(ma, 0, la);
	memset(mb, 0, lb);
	win = (la > lb ? la : lb) / 2;
	win = win ? win - 1 : 0;
	for (i = 0; i < la; i++) {
		size_t lo = i > win ? i - win : 0, hi = i + win + 1 < lb ? i + win + 1 : lb;

		for (j = lo; j < hi; j++)
			if (!mb[j] && a[i] == b[j]) {
				ma[i] = mb[j] = 1;
				m++;
				break;
			}
	}
	if (!m)
		return 0;
	for (i = 0; i < la; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	jaro = ((double)m / (double)la + (double)m / (double)lb + (double)(m - t / 2) / (double)m) / 3.0;
	while (pre < 4 && pre < la && pre < lb && a[pre] == b[pre])
		pre++;
	return jaro + (double)pre * 0.1 * (1.0 - jaro);
}

void vigil_soundex(const char *s, size_t len, char out[5])
{
	static const char code[26] = { 0, '1', '2', '3', 0, '1', '2', 0, 0, '2', '2', '4', '5',
				       '5', 0, '1', '2', '6', '2', '3', 0, '1', 0, '2', 0, '2' };
	size_t i, k = 0;
	char last = 0;

	out[0] = 0;
	for (i = 0; i < len; i++) {
		int c = s[i] | 0x20;

		if (c < 'a' || c > 'z')
			continue;
		if (!k) {
			out[k++] = (char)(c - 32);
			last = code[c - 'a'];
			continue;
		}
		if (code[c - 'a'] && code[c - 'a'] != last) {
			out[k++] = code[c - 'a'];
			if (k == 4)
				break;
		}
		if (c != 'h' && c != 'w')
			last = code[c - 'a'];
	}
	if (!k)
		return;
	while (k < 4)
		out[k++] = '0';
	out[4] = 0;
}

/* OFAC-style: keep tokens longer than 2 letters, in order, joined by one space. */
static size_t ofac_norm(const char *s, char *out, size_t cap, char sx[][5], size_t *nsx)
{
	size_t o = 0;

	*nsx = 0;
	while (*s) {
		const char *t;
		size_t l;

		while (*s == ' ')
			s++;
		t = s;
		while (*s && *s != ' ')
			s++;
		l = (size_t)(s - t);
		if (l <= 2 || o + l + 2 > cap)
			continue;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, t, l);
		o += l;
		if (*nsx < 32)
			vigil_soundex(t, l, sx[(*nsx)++]);
	}
	out[o] = 0;
	return o;
}

int vigil_ofac_score(const char *q, const char *c)
{
	char qa[512], ca[512], sq[32][5], sc[32][5];
	size_t ql, cl, nq, nc, i, j, hits = 0;
	double jw, sdx;

	ql = ofac_norm(q, qa, sizeof(qa), sq, &nq);
	cl = ofac_norm(c, ca, sizeof(ca), sc, &nc);
	if (!ql || !cl)
		return 0;
	jw = vigil_jaro_winkler(qa, ql, ca, cl);
	for (i = 0; i < nq; i++)
		for (j = 0; j < nc; j++)
			if (strcmp(sq[i], sc[j]) == 0) {
				hits++;
				break;
			}
	sdx = nq ? (double)hits / (double)nq : 0;
	return (int)(100.0 * (0.85 * jw + 0.15 * sdx) + 0.5);
}

static int abjad(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		unsigned char c = (unsigned char)s[i];

		/* U+0590..U+08FF: Hebrew, Arabic, Syriac, Thaana... (lead bytes D6..DF, E0 A0..A3) */
		if (c >= 0xD6 && c <= 0xDF)
			return 1;
	}
	return 0;
}

int vigil_name_forms(struct vigil_translit *t, const char *s, size_t len, int flags,
		     struct vigil_pname *out, int max)
{
	const char *alt[8];
	size_t altl[8], na = 0, i, st = 0;
	int n = 0;

	/* "Al-Qa'ida/Islamic Army": alternatives when both sides of '/' have 3+ letters. */
	for (i = 0; i <= len && na < 8; i++) {
		if (i < len && s[i] != '/')
			continue;
		if (i < len) {
			size_t l = 0, r = 0;

			while (l < i - st && ((s[i - 1 - l] | 0x20) >= 'a' && (s[i - 1 - l] | 0x20) <= 'z'))
				l++;
			while (i + 1 + r < len && ((s[i + 1 + r] | 0x20) >= 'a' && (s[i + 1 + r] | 0x20) <= 'z'))
				r++;
			if (l < 3 || r < 3)
				continue;
		}
		alt[na] = s + st;
		altl[na++] = i - st;
		st = i + 1;
	}
	for (i = 0; i < na && n < max; i++) {
		char buf[VIGIL_TRANSLIT_MAX], forms[3][VIGIL_TRANSLIT_MAX];
		const char *p = alt[i];
		size_t l = altl[i], k;
		int nf, f, fl = flags | (abjad(p, l) ? VIGIL_PN_ABJAD : 0);
		const char *comma = memchr(p, ',', l);

		if (l >= sizeof(buf))
			l = sizeof(buf) - 1;
		/* "LAST, First" -> "First LAST" for persons (one comma only). */
		if ((flags & VIGIL_PN_PERSON) && comma && !memchr(comma + 1, ',', l - (size_t)(comma + 1 - p))) {
			size_t a = (size_t)(comma - p), b = l - a - 1;

			memcpy(buf, comma + 1, b);
			buf[b] = ' ';
			memcpy(buf + b + 1, p, a);
			buf[a + b + 1] = 0;
			p = buf;
			l = a + b + 1;
		}
		if (memchr(p, '&', l)) {
			/* "H&M" and "H and M" are one name. */
			char amp[VIGIL_TRANSLIT_MAX];
			size_t o = 0, q;

			for (q = 0; q < l && o + 6 < sizeof(amp); q++) {
				if (p[q] == '&') {
					memcpy(amp + o, " and ", 5);
					o += 5;
				} else {
					amp[o++] = p[q];
				}
			}
			memcpy(buf, amp, o);
			p = buf;
			l = o;
		}
		nf = vigil_translit_latin(t, p, l, forms, 3);
		for (f = 0; f < nf && n < max; f++) {
			for (k = 0; (int)k < n; k++)
				if (strcmp(out[k].buf, forms[f]) == 0)
					break;
			vigil_pname_build(&out[n], forms[f], fl);
			if (out[n].n)
				n++;
		}
	}
	return n;
}

double vigil_names_best(const struct vigil_pname *a, int na, const struct vigil_pname *b, int nb,
			struct vigil_name_expl *e, int *ia, int *ib)
{
	struct vigil_name_expl x;
	double best = -1;
	int i, j;

	*ia = *ib = 0;
	if (e)
		memset(e, 0, sizeof(*e));
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++) {
			double s = vigil_names_compare(&a[i], &b[j], &x);

			if (s > best) {
				best = s;
				*ia = i;
				*ib = j;
				if (e)
					*e = x;
			}
		}
	return best < 0 ? 0 : best;
}

static int cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xAC00 && c <= 0xD7A3) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0xF900 && c <= 0xFAFF);
}

/* Next code point of UTF-8 (invalid bytes as themselves). */
static size_t next_cp(const unsigned char *s, size_t len, uint32_t *c)
{
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1, i;

	if (n > len)
		n = 1;
	*c = n == 1 ? s[0] : s[0] & (0x3Fu >> (n - 1));
	for (i = 1; i < n; i++)
		*c = (*c << 6) | (s[i] & 0x3Fu);
	return n;
}

double vigil_names_script_cap(const char *a, size_t la, const char *b, size_t lb)
{
	uint32_t ca[64], cb[64], c;
	size_t na = 0, nb = 0, i, k;

	for (i = 0; i < la; i += k) {
		k = next_cp((const unsigned char *)a + i, la - i, &c);
		if (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return 1.0;
		if (cjk(c) && na < 64)
			ca[na++] = c;
	}
	for (i = 0; i < lb; i += k) {
		k = next_cp((const unsigned char *)b + i, lb - i, &c);
		if (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return 1.0;
		if (cjk(c) && nb < 64)
			cb[nb++] = c;
	}
	if (!na || !nb)
		return 1.0;
	if (na != nb)
		return VIGIL_SCRIPT_CAP;
	for (i = 0; i < na; i++)
		if (ca[i] != cb[i])
			return VIGIL_SCRIPT_CAP;
	return 1.0;
}
