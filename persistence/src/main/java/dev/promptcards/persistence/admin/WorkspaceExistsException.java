package dev.promptcards.persistence.admin;

/** Thrown by {@link WorkspaceStore#create} when the workspace exists (the API's 409). */
public final class WorkspaceExistsException extends RuntimeException {
    private final String workspace;

    WorkspaceExistsException(String workspace) {
        super("workspace " + workspace + " exists");
        this.workspace = workspace;
    }

    /** @return the workspace id */
    public String workspace() {
        return workspace;
    }
}
