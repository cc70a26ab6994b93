package dev.promptcards.persistence.admin;

/** Thrown when a call needs a workspace that does not exist (the API's 404). */
public final class NoSuchWorkspaceException extends RuntimeException {
    private final String workspace;

    NoSuchWorkspaceException(String workspace) {
        super("no workspace " + workspace);
        this.workspace = workspace;
    }

    /** @return the workspace id */
    public String workspace() {
        return workspace;
    }
}
