/* names.c - tokens, skeletons, Korean keys, legal-form symbols and the pairwise name score. */
#include <stdio.h>
#include <string.h>

#include "vigil/names.h"
#include "vigil/translit.h"

#define ORDER_PENALTY 0.9
/* An initial standing for a name part (J. / John). */
#define INITIAL_SIM 0.6
/* Person names whose parts sit on opposite sides of "bin": father and son swapped. */
#define NASAB_SWAP 0.75
/* Similarity of tokens d edits apart (within the length cliff): one typo is cheap, more are not. */
/* One edit that changes the first letter. */
#define EDIT_FIRST 0.8
#define EDIT_SIM(d) ((d) == 1 ? 0.9 : (d) == 2 ? 0.78 : (d) == 3 ? 0.65 : 0.55)
/* Tokens left over on both sides (a substitution) are worse than an omitted middle name. */
#define CONFLICT_FAR 0.8
/* ... unless the parts left over are alike (a typo beyond the cliff, a word cut short). */
#define CONFLICT_NEAR 0.88
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
/* Organisation names alike but for a series number (Fund III / Fund IV). */
#define ORG_NUMBER 0.85

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
	{ "sp zoo", "llc" }, /* "Sp. z o.o." after single letters are joined */
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
 * form, written from general knowledge (English hypocorisms: William/Bill,
 * Robert/Bob, Lawrence/Larry, Benjamin/Ben/Bibi; Russian, Ukrainian,
 * Belarusian diminutives and cognates: Aleksandr/Sasha, Mikhail/Misha,
 * Volodymyr/Vladimir; Western, Hebrew and Arabic cognates: Joseph/Yusuf,
 * Moses/Musa, Abraham/Ibrahim; Greek: Alexandros, Giannis, Petros), as (word, group) sorted by word for binary
 * search. A short form of several names (Ted: Edward or Theodore; Harry:
 * Henry or Harold) has a group of its own, linked to each in given_links, so
 * that Edward and Theodore stay different names.
 */
static const struct {
	const char *w;
	uint8_t g;
} given_names[] = {
	{ "abe", 75 }, { "abraham", 75 }, { "abram", 75 }, { "ahmad", 81 }, { "ahmed", 81 }, { "ahmet", 81 },
	{ "aikaterini", 34 }, { "alec", 13 }, { "aleh", 61 }, { "alejandra", 15 }, { "alejandro", 13 },
	{ "aleksandr", 13 }, { "aleksandra", 15 }, { "aleksei", 14 }, { "aleksey", 14 }, { "alena", 66 },
	{ "alessandra", 15 }, { "alessandro", 13 }, { "alex", 90 }, { "alexander", 13 }, { "alexandr", 13 },
	{ "alexandra", 15 }, { "alexandre", 13 }, { "alexandros", 13 }, { "alexei", 14 }, { "alexey", 14 },
	{ "alexis", 14 }, { "aliaksandr", 13 }, { "aliaksei", 14 }, { "alyona", 66 }, { "alyosha", 14 },
	{ "anastasia", 69 }, { "anastasiya", 69 }, { "anatolii", 58 }, { "anatoliy", 58 }, { "anatoly", 58 },
	{ "anders", 16 }, { "andre", 16 }, { "andreas", 16 }, { "andrei", 16 }, { "andres", 16 }, { "andrew", 16 },
	{ "andrey", 16 }, { "andriy", 16 }, { "andrzej", 16 }, { "andy", 16 }, { "ann", 63 }, { "anna", 63 },
	{ "anne", 63 }, { "annie", 63 }, { "anthony", 21 }, { "antoine", 21 }, { "anton", 21 }, { "antoni", 21 },
	{ "antonio", 21 }, { "antony", 21 }, { "anya", 63 }, { "avraham", 75 }, { "basil", 59 }, { "ben", 17 },
	{ "benjamin", 17 }, { "benji", 17 }, { "benny", 17 }, { "beth", 33 }, { "betsy", 33 }, { "bettina", 33 },
	{ "betty", 33 }, { "bibi", 95 }, { "bill", 1 }, { "billy", 1 }, { "binyamin", 17 }, { "bob", 2 },
	{ "bobby", 2 }, { "carl", 20 }, { "carlo", 20 }, { "carlos", 20 }, { "catalina", 34 }, { "caterina", 34 },
	{ "catherine", 34 }, { "cathy", 34 }, { "charles", 20 }, { "charley", 20 }, { "charlie", 20 },
	{ "chris", 93 }, { "christiaan", 23 }, { "christian", 23 }, { "christina", 24 }, { "christine", 24 },
	{ "christoph", 22 }, { "christopher", 22 }, { "chuck", 20 }, { "constantin", 57 }, { "constantine", 57 },
	{ "cristobal", 22 }, { "dan", 18 }, { "daniel", 18 }, { "daniele", 18 }, { "daniil", 18 }, { "danila", 18 },
	{ "danilo", 18 }, { "danny", 18 }, { "danylo", 18 }, { "daoud", 19 }, { "dave", 19 }, { "davey", 19 },
	{ "david", 19 }, { "davide", 19 }, { "davit", 19 }, { "davud", 19 }, { "dawood", 19 }, { "dawud", 19 },
	{ "dick", 3 }, { "dima", 53 }, { "dimitri", 53 }, { "dimitrios", 53 }, { "dimitris", 53 }, { "dmitri", 53 },
	{ "dmitriy", 53 }, { "dmitry", 53 }, { "dmytro", 53 }, { "don", 44 }, { "donald", 44 }, { "donnie", 44 },
	{ "doug", 48 }, { "douglas", 48 }, { "drew", 16 }, { "dzmitry", 53 }, { "ed", 11 }, { "eddie", 11 },
	{ "edoardo", 11 }, { "eduard", 11 }, { "eduardo", 11 }, { "edward", 11 }, { "egor", 36 },
	{ "ekaterina", 34 }, { "elena", 66 }, { "eleni", 66 }, { "elisabeth", 33 }, { "eliza", 33 },
	{ "elizabeth", 33 }, { "elizaveta", 33 }, { "ellen", 66 }, { "enrico", 38 }, { "enrique", 38 },
	{ "esteban", 29 }, { "etienne", 29 }, { "eugene", 51 }, { "eugenio", 51 }, { "evgenii", 51 },
	{ "evgeny", 51 }, { "federico", 40 }, { "fedor", 12 }, { "foma", 9 }, { "francesco", 50 },
	{ "francis", 50 }, { "francisco", 50 }, { "francois", 50 }, { "frank", 50 }, { "frantisek", 50 },
	{ "franz", 50 }, { "fred", 40 }, { "freddie", 40 }, { "freddy", 40 }, { "frederick", 40 },
	{ "friedrich", 40 }, { "fritz", 40 }, { "fyodor", 12 }, { "gene", 51 }, { "geoff", 47 }, { "geoffrey", 47 },
	{ "george", 36 }, { "georges", 36 }, { "georgios", 36 }, { "georgiy", 36 }, { "georgy", 36 },
	{ "gerald", 41 }, { "gerry", 41 }, { "giannis", 5 }, { "giorgi", 36 }, { "giorgio", 36 }, { "giovanni", 5 },
	{ "giuseppe", 10 }, { "greg", 35 }, { "gregor", 35 }, { "gregorio", 35 }, { "gregory", 35 },
	{ "grigorios", 35 }, { "grigoriy", 35 }, { "grigory", 35 }, { "grzegorz", 35 }, { "guillaume", 1 },
	{ "guillermo", 1 }, { "hank", 38 }, { "hannah", 63 }, { "hans", 5 }, { "harold", 39 }, { "harry", 92 },
	{ "heinrich", 38 }, { "helen", 66 }, { "helena", 66 }, { "helene", 66 }, { "henri", 38 }, { "henrik", 38 },
	{ "henry", 38 }, { "heorhiy", 36 }, { "hosein", 82 }, { "hossein", 82 }, { "hryhoriy", 35 },
	{ "husain", 82 }, { "husayn", 82 }, { "huseyin", 82 }, { "hussain", 82 }, { "hussein", 82 }, { "ian", 5 },
	{ "ibrahim", 75 }, { "igor", 60 }, { "ihor", 60 }, { "ioannis", 5 }, { "iosif", 10 }, { "irina", 70 },
	{ "iryna", 70 }, { "isaac", 78 }, { "isabel", 33 }, { "ishak", 78 }, { "ishaq", 78 }, { "ishmael", 79 },
	{ "iskandar", 13 }, { "iskander", 13 }, { "ismael", 79 }, { "ismail", 79 }, { "itzhak", 78 },
	{ "iuliia", 71 }, { "iurii", 55 }, { "ivan", 5 }, { "jack", 5 }, { "jacob", 28 }, { "jaime", 4 },
	{ "jake", 28 }, { "jakob", 28 }, { "jakub", 28 }, { "james", 4 }, { "jamie", 4 }, { "jan", 5 },
	{ "jean", 5 }, { "jeff", 47 }, { "jeffrey", 47 }, { "jerry", 41 }, { "jim", 4 }, { "jimmy", 4 },
	{ "joao", 5 }, { "joe", 10 }, { "joey", 10 }, { "johann", 5 }, { "johannes", 5 }, { "john", 5 },
	{ "johnny", 5 }, { "jon", 88 }, { "jonathan", 6 }, { "jonny", 6 }, { "jorge", 36 }, { "jose", 10 },
	{ "josef", 10 }, { "joseph", 10 }, { "juan", 5 }, { "julia", 71 }, { "juliya", 71 }, { "jurgen", 36 },
	{ "jurij", 55 }, { "kanstantsin", 57 }, { "karl", 20 }, { "katarzyna", 34 }, { "kate", 34 },
	{ "katerina", 34 }, { "kateryna", 34 }, { "katherine", 34 }, { "kathryn", 34 }, { "kathy", 34 },
	{ "katie", 34 }, { "katya", 34 }, { "ken", 45 }, { "kenneth", 45 }, { "kenny", 45 }, { "kit", 22 },
	{ "kolya", 26 }, { "konstantin", 57 }, { "konstantinos", 57 }, { "kostas", 57 }, { "kostiantyn", 57 },
	{ "kostya", 57 }, { "kristian", 23 }, { "kristina", 24 }, { "kristine", 24 }, { "kristof", 22 },
	{ "krystian", 23 }, { "krzysztof", 22 }, { "larry", 37 }, { "laurence", 37 }, { "laurent", 37 },
	{ "lawrence", 37 }, { "lena", 66 }, { "liam", 1 }, { "liz", 33 }, { "lizzy", 33 }, { "lorenzo", 37 },
	{ "maggie", 32 }, { "maksim", 85 }, { "margaret", 32 }, { "margarita", 32 }, { "marge", 32 },
	{ "margherita", 32 }, { "maria", 62 }, { "marie", 62 }, { "mariya", 62 }, { "mary", 62 }, { "masha", 62 },
	{ "mateo", 25 }, { "mateusz", 25 }, { "mathias", 25 }, { "matt", 25 }, { "matteo", 25 }, { "matthew", 25 },
	{ "matthias", 25 }, { "matvei", 25 }, { "matvey", 25 }, { "max", 94 }, { "maxim", 85 }, { "maxime", 85 },
	{ "maximilian", 86 }, { "maximiliano", 86 }, { "meg", 32 }, { "mehmed", 80 }, { "mehmet", 80 },
	{ "michael", 8 }, { "michail", 8 }, { "michal", 8 }, { "michalis", 8 }, { "michel", 8 }, { "michele", 8 },
	{ "mick", 8 }, { "mickey", 8 }, { "miguel", 8 }, { "mikael", 8 }, { "mikalai", 26 }, { "mike", 8 },
	{ "mikey", 8 }, { "mikhail", 8 }, { "mikhailo", 8 }, { "misha", 8 }, { "mohamad", 80 }, { "mohamed", 80 },
	{ "mohammad", 80 }, { "mohammed", 80 }, { "mohammud", 80 }, { "moise", 76 }, { "moises", 76 },
	{ "moses", 76 }, { "moshe", 76 }, { "muhammad", 80 }, { "muhammed", 80 }, { "musa", 76 }, { "mykhailo", 8 },
	{ "mykola", 26 }, { "nastya", 69 }, { "natalia", 64 }, { "natalie", 64 }, { "nataliya", 64 },
	{ "natalya", 64 }, { "natasha", 64 }, { "ned", 11 }, { "niccolo", 26 }, { "nicholas", 26 }, { "nick", 26 },
	{ "nicky", 26 }, { "nicola", 26 }, { "nicolae", 26 }, { "nicolas", 26 }, { "nikolai", 26 },
	{ "nikolaos", 26 }, { "nikolay", 26 }, { "nikos", 26 }, { "oleg", 61 }, { "oleh", 61 }, { "oleksandr", 13 },
	{ "oleksandra", 15 }, { "oleksiy", 14 }, { "olena", 66 }, { "olga", 67 }, { "olha", 67 }, { "omar", 83 },
	{ "omer", 83 }, { "osama", 84 }, { "osip", 10 }, { "pablo", 56 }, { "paco", 50 }, { "paddy", 30 },
	{ "pancho", 50 }, { "paolo", 56 }, { "pasha", 56 }, { "pat", 89 }, { "patricia", 31 }, { "patricio", 30 },
	{ "patrick", 30 }, { "patty", 31 }, { "paul", 56 }, { "paulo", 56 }, { "pavel", 56 }, { "pavlo", 56 },
	{ "pavlos", 56 }, { "pawel", 56 }, { "peder", 7 }, { "pedro", 7 }, { "peggy", 32 }, { "petar", 7 },
	{ "pete", 7 }, { "peter", 7 }, { "petr", 7 }, { "petro", 7 }, { "petros", 7 }, { "pierre", 7 },
	{ "pietro", 7 }, { "piotr", 7 }, { "pyotr", 7 }, { "ramon", 42 }, { "ray", 42 }, { "raymond", 42 },
	{ "ricardo", 3 }, { "riccardo", 3 }, { "rich", 3 }, { "richard", 3 }, { "richie", 3 }, { "rick", 3 },
	{ "ricky", 3 }, { "rob", 2 }, { "robbie", 2 }, { "robert", 2 }, { "roberto", 2 }, { "ron", 43 },
	{ "ronald", 43 }, { "ronnie", 43 }, { "sacha", 13 }, { "sam", 27 }, { "sammy", 27 }, { "samuel", 27 },
	{ "sasha", 91 }, { "sean", 5 }, { "serge", 54 }, { "sergei", 54 }, { "sergey", 54 }, { "sergio", 54 },
	{ "sergiu", 54 }, { "sergiy", 54 }, { "serhiy", 54 }, { "shlomo", 77 }, { "shmuel", 27 }, { "siarhei", 54 },
	{ "sofia", 72 }, { "sofiya", 72 }, { "solomon", 77 }, { "sonya", 72 }, { "sophia", 72 }, { "sophie", 72 },
	{ "stefan", 29 }, { "stefano", 29 }, { "stefanos", 29 }, { "stepan", 29 }, { "stephan", 29 },
	{ "stephane", 29 }, { "stephen", 29 }, { "steve", 29 }, { "steven", 29 }, { "sulaiman", 77 },
	{ "sulayman", 77 }, { "suleiman", 77 }, { "suleyman", 77 }, { "sveta", 68 }, { "svetlana", 68 },
	{ "sviatlana", 68 }, { "svitlana", 68 }, { "tanya", 65 }, { "tatiana", 65 }, { "tatyana", 65 },
	{ "ted", 87 }, { "teddy", 12 }, { "teodor", 12 }, { "tetiana", 65 }, { "theo", 12 }, { "theodore", 12 },
	{ "theodoros", 12 }, { "thomas", 9 }, { "tim", 46 }, { "timmy", 46 }, { "timofei", 46 }, { "timofey", 46 },
	{ "timothy", 46 }, { "tom", 9 }, { "tomas", 9 }, { "tomasz", 9 }, { "tommy", 9 }, { "tony", 21 },
	{ "trish", 31 }, { "uladzimir", 52 }, { "umar", 83 }, { "usama", 84 }, { "usamah", 84 }, { "vanya", 5 },
	{ "vasil", 59 }, { "vasileios", 59 }, { "vasilis", 59 }, { "vasiliy", 59 }, { "vasily", 59 },
	{ "vasyl", 59 }, { "vicky", 73 }, { "victor", 74 }, { "victoria", 73 }, { "vika", 73 }, { "viktor", 74 },
	{ "viktoria", 73 }, { "viktoriya", 73 }, { "vilhelm", 1 }, { "vittorio", 74 }, { "vladimir", 52 },
	{ "volha", 67 }, { "volodya", 52 }, { "volodymyr", 52 }, { "vova", 52 }, { "wally", 49 }, { "walt", 49 },
	{ "walter", 49 }, { "wilhelm", 1 }, { "will", 1 }, { "willem", 1 }, { "william", 1 }, { "willie", 1 },
	{ "willy", 1 }, { "wladimir", 52 }, { "wlodzimierz", 52 }, { "yaakov", 28 }, { "yakov", 28 },
	{ "yakub", 28 }, { "yannis", 5 }, { "yaqub", 28 }, { "yegor", 36 }, { "yekaterina", 34 }, { "yelena", 66 },
	{ "yelizaveta", 33 }, { "yevgeniy", 51 }, { "yevgeny", 51 }, { "yevhen", 51 }, { "yiannis", 5 },
	{ "yitzhak", 78 }, { "yohannes", 5 }, { "yosef", 10 }, { "yousef", 10 }, { "youssef", 10 }, { "yulia", 71 },
	{ "yuliya", 71 }, { "yura", 55 }, { "yuri", 55 }, { "yurii", 55 }, { "yuriy", 55 }, { "yury", 55 },
	{ "yusuf", 10 }, { "zhenya", 51 },
};

/* (short-form group, full-name group) pairs, sorted. */
static const uint8_t given_links[][2] = {
	{ 87, 11 }, { 87, 12 }, { 88, 5 }, { 88, 6 }, { 89, 30 }, { 89, 31 }, { 90, 13 }, { 90, 14 },
	{ 90, 15 }, { 91, 13 }, { 91, 15 }, { 92, 38 }, { 92, 39 }, { 93, 22 }, { 93, 23 }, { 93, 24 },
	{ 94, 85 }, { 94, 86 }, { 95, 17 }
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

/* A roman numeral from ii to xxxix (x{0,3} then ix, iv or v?i{0,3}); a lone "i" is a letter. */
static int is_roman(const char *s, size_t l)
{
	size_t k = 0, n;

	if (l < 1 || l > 8 || (l == 1 && s[0] == 'i'))
		return 0;
	for (n = 0; k < l && s[k] == 'x' && n < 3; n++)
		k++;
	if (k + 2 == l && s[k] == 'i' && (s[k + 1] == 'x' || s[k + 1] == 'v'))
		return 1;
	if (k < l && s[k] == 'v')
		k++;
	for (n = 0; k < l && s[k] == 'i' && n < 3; n++)
		k++;
	return k == l;
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
static int osa_within(const char *a, size_t la, const char *b, size_t lb, int k);

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
				if (pos + tl[j] <= pl && memcmp(ph + pos, ts[j], tl[j]) == 0 &&
				    (pos + tl[j] == pl || ph[pos + tl[j]] == ' ')) {
					pos += tl[j];
				} else if (tl[j] >= 4 && !memchr(ph + pos, ' ', pl - pos) &&
					   ((w > 0 && j + 1 == nt && tl[j] < pl - pos && memcmp(ph + pos, ts[j], tl[j]) == 0) ||
					    (pl - pos >= 10 && tl[j] + 1 >= pl - pos && tl[j] <= pl - pos + 1 &&
					     osa_within(ph + pos, pl - pos, ts[j], tl[j], 1) <= 1))) {
					/*
					 * The last word of a spelt-out form cut off where the name ends
					 * ("joint stock compan"), or one typo in a long legal word
					 * ("Aktiengeselschaft").
					 */
					pos = pl;
				} else {
					break;
				}
				if (pos < pl)
					pos++;
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
				if (streq_n(ts[i], tl[i], particles[k2].v) && (tl[i] > 1 || (flags & VIGIL_PN_PERSON)) &&
				    !(i == 0 && (flags & VIGIL_PN_PERSON) && particles[k2].to[0] == 'b')) {
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

/* Two given-name groups name the same person's name: equal, or a short form linked to the full name. */
static int same_given(int g1, int g2)
{
	size_t i;

	if (g1 == g2)
		return 1;
	if (g1 > g2) {
		int t = g1;

		g1 = g2;
		g2 = t;
	}
	/* links go from the higher (short-form) group to the lower */
	for (i = 0; i < sizeof(given_links) / sizeof(given_links[0]); i++)
		if (given_links[i][0] == g2 && given_links[i][1] == g1)
			return 1;
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
		   const char *kb, char *vb, int *vbok, int *how, int typo)
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
	if (typo && mn >= 3 && L - mn <= 2) { /* vowels tell Han and Hangul syllables apart */
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
	/* One syllable romanised from Han or Hangul (xu/xue, cheng/chen): a different letter is a different character. */
	if (!typo && L <= 5)
		allowed = 0;
	if (sa[0] != sb[0] && !(is_vowel(sa[0]) && is_vowel(sb[0]))) {
		/*
		 * A word of 4+ letters whose only difference is its first letter
		 * (Harry/Larry, Gates/Cates) or one letter put before it (Rost/Troost)
		 * is a plausible typo; any other edit next to a differing first letter
		 * is one edit too many.
		 */
		if (typo && mn >= 4 && s < EDIT_FIRST && sa[la - 1] == sb[lb - 1] &&
		    ((la == lb && memcmp(sa + 1, sb + 1, la - 1) == 0) ||
		     (la == lb + 1 && memcmp(sa + 1, sb, lb) == 0) || (lb == la + 1 && memcmp(sb + 1, sa, la) == 0))) {
			*how = VIGIL_HOW_EDIT;
			return EDIT_FIRST;
		}
		allowed--;
	}
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

	return tsim(sa, strlen(sa), ka, va, &vaok, sb, strlen(sb), kb, vb, &vbok, how, 1);
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

/* Numbers may differ as a series only between organisations with two or more matched words each. */
static int org_series(const struct vigil_pname *a, const struct vigil_pname *b, int na_m, int nb_m)
{
	int f = a->flags | b->flags;

	return (f & VIGIL_PN_ORG) && !(f & (VIGIL_PN_VESSEL | VIGIL_PN_PERSON)) && na_m >= 2 && nb_m >= 2;
}

/* Index of the first "bin" (son of) particle, -1 if none. */
static int nasab(const struct vigil_pname *p)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (p->kind[i] == VIGIL_TOK_STOP && p->len[i] == 3) {
			const char *r = vigil_pname_raw(p, i);

			if (r[0] == 'b' && r[1] == 'i' && r[2] == 'n' && !r[3])
				return i;
		}
	return -1;
}

static int countable(int kind)
{
	return kind == VIGIL_TOK_NAME || kind == VIGIL_TOK_GENERIC || kind == VIGIL_TOK_STOP;
}

/* Are two words at most one edit apart (substitution, insertion, deletion, adjacent transposition)? O(length). */
static int within_one(const char *x, size_t lx, const char *y, size_t ly)
{
	size_t p = 0, q = 0, mn = lx < ly ? lx : ly;

	if (lx > ly + 1 || ly > lx + 1)
		return 0;
	while (p < mn && x[p] == y[p])
		p++;
	if (p == mn)
		return 1;
	while (q < mn - p && x[lx - 1 - q] == y[ly - 1 - q])
		q++;
	if (lx != ly)
		return p + q >= mn;
	return p + q + 1 >= lx ||
	       (p + q + 2 >= lx && p + 1 < lx && x[p] == y[p + 1] && x[p + 1] == y[p]);
}

/*
 * Do two name parts left unmatched on both sides look alike: one a prefix of
 * the other (a word cut short, 2+ letters) or within one edit on the
 * skeletons whatever the first letter? A substituted part that is nothing
 * alike is another person's (brothers share their father's names).
 */
static int near_conflict(const struct vigil_pname *a, const struct vigil_pname *b, const int *ma, const int *mb)
{
	int i, j;

	for (i = 0; i < a->n; i++) {
		const char *x = vigil_pname_skel(a, i);

		if (ma[i] >= 0 || !countable(a->kind[i]) || a->kind[i] == VIGIL_TOK_STOP)
			continue;
		for (j = 0; j < b->n; j++) {
			const char *y = vigil_pname_skel(b, j);
			size_t lx = a->len[i], ly = b->len[j];

			if (mb[j] >= 0 || !countable(b->kind[j]) || b->kind[j] == VIGIL_TOK_STOP)
				continue;
			if ((lx >= 2 && lx < ly && memcmp(x, y, lx) == 0) || (ly >= 2 && ly < lx && memcmp(x, y, ly) == 0))
				return 1;
			if (lx >= 3 && ly >= 3 && within_one(x, lx, y, ly))
				return 1;
		}
	}
	return 0;
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

/*
 * Initials written together ("JC Juncker" / "Jean-Claude Juncker"): a person's
 * name part of 2-3 letters without a vowel matches as many adjacent unmatched
 * name parts of the other name that start with those letters, at the initials'
 * similarity.
 */
int vigil_names_glued_initials(const struct vigil_pname *p, int i)
{
	const char *r = vigil_pname_raw(p, i);
	size_t k;

	if (!(p->flags & VIGIL_PN_PERSON) || p->kind[i] != VIGIL_TOK_NAME || !r[0] || !r[1] || (r[2] && r[3]))
		return 0;
	for (k = 0; r[k]; k++)
		if (is_vowel(r[k]) || r[k] == 'y' || r[k] < 'a' || r[k] > 'z')
			return 0;
	return 1;
}

static void glued_initials(const struct vigil_pname *x, const struct vigil_pname *y, int i, int *mx, int *my,
			   struct vigil_name_expl *e, double *mw, int swap)
{
	const char *r = vigil_pname_raw(x, i);
	size_t n = strlen(r), k;
	int j;

	if (!vigil_names_glued_initials(x, i))
		return;
	for (j = 0; j + (int)n <= y->n; j++) {
		double w = tok_weight(x, i);

		for (k = 0; k < n; k++) {
			int q = j + (int)k;

			if (my[q] >= 0 || y->kind[q] != VIGIL_TOK_NAME || y->len[q] < 2 || vigil_pname_raw(y, q)[0] != r[k])
				break;
			w += tok_weight(y, q);
		}
		if (k < n)
			continue;
		mx[i] = j;
		for (k = 0; k < n; k++)
			my[j + (int)k] = i;
		*mw += INITIAL_SIM * w;
		if (e->npairs < VIGIL_NAME_MAXTOK) {
			e->pair[e->npairs].a = (uint8_t)(swap ? j : i);
			e->pair[e->npairs].b = (uint8_t)(swap ? i : j);
			e->pair[e->npairs].a2 = (uint8_t)(swap ? j + (int)n - 1 : 255);
			e->pair[e->npairs].b2 = (uint8_t)(swap ? 255 : j + (int)n - 1);
			e->pair[e->npairs].how = VIGIL_HOW_INITIAL;
			e->pair[e->npairs].sim = (float)INITIAL_SIM;
			e->npairs++;
		}
		return;
	}
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
		if (x->flags & y->flags & VIGIL_PN_PERSON)
			glued_initials(x, y, i, mx, my, e, mw, swap);
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
				{
					char va[128], vb[128];
					int vaok = 0, vbok = 0;

					s = tsim(vigil_pname_skel(x, i), x->len[i], vigil_pname_kkey(x, i), va, &vaok, cs, cl, ck, vb,
						 &vbok, &how, !((x->flags | y->flags) & VIGIL_PN_CJK));
				}
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
	/* First-letter typos are typing mistakes: not between syllables romanised from Han or Hangul. */
	int typo = !((a->flags | b->flags) & VIGIL_PN_CJK);
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
				       vigil_pname_skel(b, j), b->len[j], vigil_pname_kkey(b, j), fb[j], &fb_ok[j], &H[i][j], typo);
			if (H[i][j] == VIGIL_HOW_EDIT && ((a->flags | b->flags) & VIGIL_PN_VESSEL))
				S[i][j] *= VESSEL_EDIT;
			if (S[i][j] < 0.9 && ((a->flags | b->flags) & VIGIL_PN_PERSON) && a->kind[i] == VIGIL_TOK_NAME &&
			    b->kind[j] == VIGIL_TOK_NAME) {
				if (a->grp[i] && b->grp[j] && same_given(a->grp[i], b->grp[j])) {
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
				S[i][j] = INITIAL_SIM;
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
		if (full_a && na_m >= 2 && conflict_b <= na_m) /* stop words left over do not count */
			denom -= (1 - extra) * wb_un;
		if (full_b && nb_m >= 2 && conflict_a <= nb_m)
			denom -= (1 - extra) * wa_un;
		score = denom > 0 ? mw / denom : 0;
		if (conflict_a && conflict_b)
			score *= near_conflict(a, b, ma, mb) ? CONFLICT_NEAR : CONFLICT_FAR;
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
	if (a->flags & b->flags & VIGIL_PN_PERSON) {
		/*
		 * "A bin B" is A, son of B: when both names carry "bin" and a matched
		 * name part sits before it on one side and after it on the other, the
		 * father and the son are swapped (Salman bin Muhammad / Muhammad bin Salman).
		 */
		int pa = e->npairs > 1 ? nasab(a) : -1, pb = pa >= 0 ? nasab(b) : -1, q;

		for (q = 0; pa >= 0 && pb >= 0 && q < e->npairs; q++)
			if ((e->pair[q].a < pa) != (e->pair[q].b < pb)) {
				e->order_changed = 1;
				score *= NASAB_SWAP;
				break;
			}
	}
	e->token_score = score;
	if (!same_kind_set(a, b, VIGIL_TOK_NUMBER, &anya, &anyb)) {
		e->number_mismatch = 1;
		/*
		 * Organisations: a differing series number (Fund III / Fund IV, Trust
		 * 2004-1 / 2004-2) names a sibling vehicle of the same sponsor, usually
		 * under the same controller: worth an analyst's look, so it is
		 * discounted, not capped, when at least two name words agree on both
		 * sides. Vessels and everything else: a hard discriminator.
		 */
		if (org_series(a, b, na_m, nb_m))
			score *= ORG_NUMBER;
		else if (score > 0.5)
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
		int nf, f, fl = flags | (abjad(p, l) ? VIGIL_PN_ABJAD : 0) | (vigil_names_cjk(p, l) ? VIGIL_PN_CJK : 0);
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

int vigil_names_cjk(const char *s, size_t len)
{
	size_t i, k;
	uint32_t c;

	for (i = 0; i < len; i += k) {
		if ((unsigned char)s[i] < 0xE3) { /* every CJK code point here starts with E3..EF */
			k = 1;
			continue;
		}
		k = next_cp((const unsigned char *)s + i, len - i, &c);
		if (cjk(c))
			return 1;
	}
	return 0;
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
