package io.dataplug.worker;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A byte-progress bar on stderr when stderr is a terminal; silent otherwise (Job logs, pipes). */
final class Progress implements AutoCloseable, LongConsumer {

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, long totalBytes) {
        if (!interactive()) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, totalBytes))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).showSpeed().continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        return new Progress(bar);
    }

    /** True when a person is watching: a terminal, not a pipe or a log file. */
    static boolean interactive() {
        if (System.getenv("DATAPLUG_NO_PROGRESS") != null) {
            return false;
        }
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try { // JDK 22+ returns a Console even when redirected; ask it whether it is a terminal
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public synchronized void accept(long bytes) {
        if (bar != null) {
            bar.stepBy(bytes);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
