package io.eventwire.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.eventwire.contract.AsyncApiReader;
import io.eventwire.contract.AsyncApiWriter;
import io.eventwire.contract.ContractCompatibility;
import io.eventwire.contract.EventContractCatalog;
import io.eventwire.contract.ServiceContracts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ApplicationContext;
import org.springframework.util.Assert;

/**
 * A service's event contracts in a test: taken from a running application
 * ({@link #of(ApplicationContext)}) or a file ({@link #read(Path)}), written to a file to commit
 * and review ({@link #write(Path)}, an AsyncAPI 3.0 document, the one {@code /actuator/asyncapi}
 * serves), and checked without a registry:
 * <pre class="code">
 * EventContracts.assertCompatible(EventContracts.of(context), EventContracts.read(shippingContracts));
 * EventContracts.assertBackwardCompatible(EventContracts.read(committed), EventContracts.of(context));
 * </pre>
 */
public final class EventContracts {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final ServiceContracts contracts;

	private EventContracts(ServiceContracts contracts) {
		this.contracts = contracts;
	}

	/**
	 * @param context a running application with eventwire
	 * @return what it publishes and handles
	 */
	public static EventContracts of(ApplicationContext context) {
		return new EventContracts(context.getBean(EventContractCatalog.class).contracts());
	}

	/**
	 * @param file a document written by {@link #write(Path)} or served by {@code /actuator/asyncapi}
	 * @return the contracts it holds
	 */
	public static EventContracts read(Path file) {
		return new EventContracts(new AsyncApiReader().read(JSON.readTree(file.toFile())));
	}

	/**
	 * Keep the versions the previous contracts say were published and these no longer are: their
	 * events stay in the topic, so consumers are checked against them too.
	 * @param previous the contracts written before, usually the committed file
	 * @return these contracts with that history
	 */
	public EventContracts withHistory(EventContracts previous) {
		return new EventContracts(this.contracts.withHistory(previous.contracts));
	}

	/**
	 * Write the contracts as an AsyncAPI 3.0 document (indented JSON, in a stable order, so that a
	 * committed file diffs well).
	 * @param file where; its directory is created
	 */
	public void write(Path file) {
		try {
			if (file.toAbsolutePath().getParent() != null) {
				Files.createDirectories(file.toAbsolutePath().getParent());
			}
			Files.writeString(file,
					JSON.writeValueAsString(new AsyncApiWriter().write(this.contracts)) + System.lineSeparator());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the contracts to " + file, ex);
		}
	}

	/**
	 * @return the contracts as an AsyncAPI 3.0 document, equal to the tree read from the file
	 * {@link #write(Path)} writes
	 */
	public ObjectNode asyncApi() {
		// Through the text: numbers the generator holds as other node types read back as a file's do.
		return (ObjectNode) JSON.readTree(JSON.writeValueAsString(new AsyncApiWriter().write(this.contracts)));
	}

	/**
	 * @return the contracts' model
	 */
	public ServiceContracts contracts() {
		return this.contracts;
	}

	/**
	 * Assert that what the producer publishes (or published) is what the consumer handles: for each
	 * (topic, type) both have, every version satisfies the consumer's handler (required fields,
	 * types, enums), or is older and upcast by the consumer's upcasters.
	 * @param producer the publishing service
	 * @param consumer the consuming service
	 * @throws AssertionError listing every problem (topic, type, versions, JSON path, rule), or when
	 * the two share no event type
	 */
	public static void assertCompatible(EventContracts producer, EventContracts consumer) {
		boolean shared = producer.contracts.events()
			.stream()
			.anyMatch((sent) -> consumer.contracts.events()
				.stream()
				.anyMatch((received) -> received.topic().equals(sent.topic()) && received.type().equals(sent.type())));
		if (!shared) {
			throw new AssertionError(consumer.contracts.service() + " handles no event type that "
					+ producer.contracts.service() + " publishes: nothing to check");
		}
		fail("are not compatible", producer, consumer,
				ContractCompatibility.problems(producer.contracts, consumer.contracts));
	}

	/**
	 * Assert that a producer's change keeps consumers of what it published before working: without a
	 * version bump nothing they require may go; with one, a breaking change needs an upcaster chain
	 * or {@code @PublishesEvent(breaking = true)}.
	 * @param previous the producer's contracts as released (the committed file)
	 * @param current its contracts now
	 * @throws AssertionError listing every problem
	 */
	public static void assertBackwardCompatible(EventContracts previous, EventContracts current) {
		fail("breaks consumers of its previous version", previous, current,
				ContractCompatibility.backwardProblems(previous.contracts, current.contracts));
	}

	/**
	 * The check of a service's own contracts in its build: write them (with the committed file's
	 * history) to {@code written}, then assert that they do not break consumers of the committed
	 * file ({@link #assertBackwardCompatible}) and that they equal it, so that even a compatible
	 * change is reviewed: copy the written file over the committed one and commit it.
	 * @param committed the committed contracts file
	 * @param written where the build writes the current contracts
	 * @return these contracts with the committed file's history
	 * @throws AssertionError if the committed file is missing, or the contracts break its consumers,
	 * or they changed
	 */
	public EventContracts assertCommitted(Path committed, Path written) {
		if (!Files.exists(committed)) {
			write(written);
			throw new AssertionError("No committed contracts at " + committed + ": review " + written
					+ " and commit it as " + committed);
		}
		EventContracts previous = read(committed);
		EventContracts current = withHistory(previous);
		current.write(written);
		assertBackwardCompatible(previous, current);
		// The file as committed, not its model: a document written differently is a change to review too.
		if (!current.asyncApi().equals(JSON.readTree(committed.toFile()))) {
			throw new AssertionError("The contracts of " + this.contracts.service() + " changed compatibly: review "
					+ written + " (diff it with " + committed + ") and commit it as " + committed);
		}
		return current;
	}

	/**
	 * Assert that the document is valid AsyncAPI 3.0 (by the specification's JSON Schema, validated
	 * offline).
	 * @param document an AsyncAPI document, such as {@link #asyncApi()} or what
	 * {@code /actuator/asyncapi} served
	 * @throws AssertionError listing every violation
	 */
	public static void assertValidAsyncApi(JsonNode document) {
		List<Error> errors = asyncApiSchema().validate(document);
		if (!errors.isEmpty()) {
			throw new AssertionError("The document is not valid AsyncAPI 3.0:" + System.lineSeparator() + "  "
					+ String.join(System.lineSeparator() + "  ", errors.stream().map(Error::toString).toList()));
		}
	}

	private static void fail(String what, EventContracts first, EventContracts second, List<String> problems) {
		if (!problems.isEmpty()) {
			throw new AssertionError(second.contracts.service() + " " + what + " (" + first.contracts.service() + "):"
					+ System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
		}
	}

	private static Schema asyncApiSchema() {
		try (InputStream schema = EventContracts.class.getResourceAsStream("asyncapi-3.0.0.schema.json")) {
			Assert.state(schema != null, "asyncapi-3.0.0.schema.json is missing from eventwire-test");
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
