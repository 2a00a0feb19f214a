package io.billing.ledger.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A terminal for tests: present or not, answering every question with the same line, and remembering the questions. */
final class ScriptedPrompt implements Prompt {

    private final boolean available;
    private final String answer;
    private final List<String> questions = new CopyOnWriteArrayList<>();

    private ScriptedPrompt(boolean available, String answer) {
        this.available = available;
        this.answer = answer;
    }

    /** An operator at a terminal who types this answer (null: Ctrl-D). */
    static ScriptedPrompt answering(String answer) {
        return new ScriptedPrompt(true, answer);
    }

    /** CI, cron, a pipe: nobody to ask. */
    static ScriptedPrompt noTerminal() {
        return new ScriptedPrompt(false, null);
    }

    List<String> questions() {
        return List.copyOf(questions);
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public String readLine(String question) {
        if (!available) {
            throw new AssertionError("asked '" + question + "' although no terminal is available");
        }
        questions.add(question);
        return answer;
    }
}
