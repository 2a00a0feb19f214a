package io.billing.ledger.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Where a command asks the operator to confirm a step that moves money or cannot be taken back
 * (a refund, deleting a webhook endpoint, rotating its secret). Only a terminal can
 * answer: a pipe or /dev/null (CI, cron, a script) might never answer, or answer by accident, so
 * without a terminal a command that needs confirmation refuses and asks for {@code --yes} instead.
 */
interface Prompt {

    /** Whether someone at a terminal can answer. */
    boolean available();

    /** Shows the question and reads one line; null when the input ends (Ctrl-D) without one. */
    String readLine(String question);

    /** The process's own terminal, if it has one. */
    static Prompt console() {
        return new Prompt() {
            @Override
            public boolean available() {
                Console console = System.console();
                return console != null && isTerminal(console);
            }

            @Override
            public String readLine(String question) {
                Console console = System.console();
                return console == null ? null : console.readLine("%s", question);
            }
        };
    }

    /** "y" or "yes", in any case; anything else, an empty line included, is a no. */
    static boolean isYes(String answer) {
        if (answer == null) {
            return false;
        }
        String text = answer.strip();
        return text.equalsIgnoreCase("y") || text.equalsIgnoreCase("yes");
    }

    /**
     * Up to Java 21 {@code System.console()} is null unless both stdin and stdout are terminals;
     * from Java 22 on it may be non-null anyway, and {@code Console.isTerminal()} says whether it is one.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException olderJava) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException unknown) {
            return false;
        }
    }
}
