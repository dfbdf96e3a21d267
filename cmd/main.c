/* main.c - the vigil command: dispatch to one subcommand per cmd/<name>.c. */
#include <stdio.h>
#include <string.h>

#include "vigil/vigil.h"
#include "cmd.h"

const char *cmd_progname = "vigil";

/* Until cmd/report.c lands: its strong definition replaces this one. */
__attribute__((weak)) int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: not yet implemented\n", cmd_progname);
	return 2;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} cmds[] = {
	{ "decode", cmd_decode, "decode NMEA AIS to gpsd JSON or CSV" },
	{ "detect", cmd_detect, "rebuild tracks and detect dark periods, meetings, loitering, visits" },
	{ "simulate", cmd_simulate, "write a simulated AIS scenario and its ground truth" },
	{ "screen", cmd_screen, "screen vessels, people and companies against sanctions lists" },
	{ "lists", cmd_lists, "load, check or fetch sanctions list files" },
	{ "report", cmd_report, "turn a detect events file into findings an analyst reads; verify evidence" },
	{ "geo", cmd_geo, "ask the geography about points: nearest port, areas, distance to shore" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: vigil <command> [options] [args]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\n'vigil <command> --help' describes a command; 'vigil --version' prints the version.\n");
}

int main(int argc, char **argv)
{
	static char name[64];
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("vigil %s\n", vigil_version());
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name) == 0) {
			snprintf(name, sizeof(name), "vigil %s", cmds[i].name);
			cmd_progname = name;
			return cmds[i].fn(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "vigil: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
