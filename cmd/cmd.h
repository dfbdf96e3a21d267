/* cmd.h - the CLI's subcommand table and helpers shared by cmd/ files. */
#ifndef VIGIL_CMD_H
#define VIGIL_CMD_H

/*
 * Each subcommand lives in its own cmd/<name>.c and exports one function.
 * It returns the process exit status: 0 ok, 1 "found something" where a
 * subcommand documents it (screen hits), 2 usage or fatal error.
 */
int cmd_decode(int argc, char **argv);
int cmd_detect(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_geo(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Program name for messages ("vigil decode"). */
extern const char *cmd_progname;

#endif
