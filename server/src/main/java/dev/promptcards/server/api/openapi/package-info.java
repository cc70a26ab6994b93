/**
 * The building blocks of a generated OpenAPI 3.1 document, over Jackson's tree model: {@link
 * dev.promptcards.server.api.openapi.JsonSchema} (a schema), {@link dev.promptcards.server.api.openapi.ApiParameter},
 * {@link dev.promptcards.server.api.openapi.ApiResponse}, {@link dev.promptcards.server.api.openapi.ApiOperation}
 * (one method and path: the handler Javalin is given and its description, in one value, so that they cannot
 * drift apart) and {@link dev.promptcards.server.api.openapi.OpenApiDocument}, which assembles the operations
 * into paths and checks that every reference resolves. What the promptcards API says with them is in
 * {@code dev.promptcards.server.api} ({@code ApiComponents}, {@code RunSchemas}, {@code AdminSchemas} and each
 * routes class's {@code operations()}).
 */
package dev.promptcards.server.api.openapi;
