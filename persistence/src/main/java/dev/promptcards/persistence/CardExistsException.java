package dev.promptcards.persistence;

/** Thrown by {@link CardStore#createNew} when a card of that name exists (and is not deleted). */
public final class CardExistsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String workspace;
    private final String name;

    CardExistsException(String workspace, String name) {
        super("card " + workspace + "/" + name + " exists");
        this.workspace = workspace;
        this.name = name;
    }

    /** @return the workspace id */
    public String workspace() {
        return workspace;
    }

    /** @return the card's name */
    public String name() {
        return name;
    }
}
