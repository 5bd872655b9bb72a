#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <wchar.h>
#include <ncurses.h>
#include <poll.h>
#include <langinfo.h>

// Swift cannot see C macros or (under Swift 6 strict concurrency) use mutable C globals;
// these small functions expose what TerminalUI/Terminal.swift needs.

static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_width(void) { return getmaxx(stdscr); }
static inline int cnc_height(void) { return getmaxy(stdscr); }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
/// How many colours the terminal type has (terminfo "colors"), known before start_color; 0 if none.
static inline int cnc_colors(void) {
    int count = tigetnum((char *)"colors");
    return count > 0 ? count : 0;
}
/// The locale's character set name (e.g. "UTF-8", "ANSI_X3.4-1968") after setlocale.
static inline const char *cnc_codeset(void) { return nl_langinfo(CODESET); }
static inline int cnc_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cnc_is_terminal(void) { return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO); }

/// Starts curses on stdin/stdout; NULL (instead of exiting, as initscr does) when the
/// terminal type is unknown.
static inline SCREEN *cnc_newterm(void) { return newterm(NULL, stdout, stdin); }

/// Sets the attributes and colour pair for the following writes.
static inline void cnc_set_style(short pair, int bold, int dim, int reverse) {
    attr_t attrs = A_NORMAL;
    if (bold) attrs |= A_BOLD;
    if (dim) attrs |= A_DIM;
    if (reverse) attrs |= A_REVERSE;
    attr_set(attrs, pair, NULL);
}

static inline void cnc_restore_on_signal(int sig) {
    // endwin is not formally async-signal-safe, but it only writes the reset sequences and
    // is what every curses program does here; then die of the same signal.
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

/// 1 when the terminal has gone away (its window closed, tmux session killed): stdin hung up.
static inline int cnc_terminal_hung_up(void) {
    struct pollfd descriptor = { .fd = STDIN_FILENO, .events = POLLIN, .revents = 0 };
    if (poll(&descriptor, 1, 0) < 0) return 0;
    return (descriptor.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

static inline void cnc_restore_at_exit(void) {
    if (!isendwin()) endwin();
}

/// Installs `cnc_restore_on_signal` for `sig` only if nobody else handles or ignores it.
static inline void cnc_restore_on_default_signal(int sig) {
    struct sigaction current;
    if (sigaction(sig, NULL, &current) != 0 || current.sa_handler != SIG_DFL) return;
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = cnc_restore_on_signal;
    sigaction(sig, &action, NULL);
}

/// Restores the terminal when the process ends: at exit(), and on SIGTERM, SIGHUP, SIGINT
/// and SIGQUIT unless the program already handles or ignores that signal (then it must call
/// Terminal.shutdown itself).
static inline void cnc_install_restore_handlers(void) {
    static int installed = 0;
    if (installed) return;
    installed = 1;
    cnc_restore_on_default_signal(SIGTERM);
    cnc_restore_on_default_signal(SIGHUP);
    cnc_restore_on_default_signal(SIGINT);
    cnc_restore_on_default_signal(SIGQUIT);
    atexit(cnc_restore_at_exit);
}

#endif
