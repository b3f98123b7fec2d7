package io.peanutcache;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider's layers, as rules over its compiled classes: the JSR-107 surface and the engine
 * never see the cluster, the wire format stays in the transport, the etcd registry is reached only
 * through its interface, the cluster's logic calls other nodes only through its seam, no two
 * packages depend on each other, and the public API depends on nothing internal. Each rule names
 * what it keeps apart; a failure lists every offending dependency.
 */
class ArchitectureTest {

  private static final String ROOT = "io.peanutcache";

  private static JavaClasses provider;

  @BeforeAll
  static void importTheProvider() {
    provider = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void theJCacheSurfaceAndTheEngineNeverSeeTheCluster() {
    noClasses().that().resideInAnyPackage(ROOT + ".jcache..", ROOT + ".engine..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".cluster..")
        .because("the JSR-107 surface and the engine run the same whether the cache is embedded or "
            + "clustered; the cluster plugs in through the engine's interfaces")
        .check(provider);
  }

  @Test
  void theProtocolsMessagesAreUsedOnlyInTheTransport() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".cluster.transport..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".cluster.transport.proto..")
        .because("routing, the hot cache, the listeners and the definitions speak the cluster's "
            + "own terms; only the transport knows the messages of peer.proto")
        .check(provider);
  }

  @Test
  void grpcIsUsedOnlyByTheTransport() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".cluster.transport..")
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "com.google.protobuf..")
        .because("nodes talk gRPC through the transport alone; the etcd client, which speaks gRPC "
            + "too, is in the artifact peanutcache-etcd")
        .check(provider);
  }

  @Test
  void theProviderKnowsNoRegistryButItsInterface() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "io.vertx..", "io.netty..",
            ROOT + ".etcd..")
        .because("the provider finds the etcd registry through cluster.registry with ServiceLoader, so "
            + "that an application without etcd has neither the etcd client nor an unshaded Netty")
        .check(provider);
  }

  @Test
  void theRegistryInterfaceDependsOnlyOnTheClustersOwnTerms() {
    noClasses().that().resideInAPackage(ROOT + ".cluster.registry..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".cluster", ROOT + ".cluster.transport..",
            ROOT + ".cluster.definitions..", ROOT + ".cluster.handoff..", ROOT + ".cluster.routing..",
            ROOT + ".jcache..")
        .because("a registry implements membership and the catalog for the node; it must not need the "
            + "node, the transport or the definitions that use it")
        .check(provider);
  }

  @Test
  void theClusterLogicCallsOtherNodesOnlyThroughItsSeam() {
    noClasses().that().resideInAnyPackage(ROOT + ".cluster.routing..", ROOT + ".cluster.hot..",
            ROOT + ".cluster.listeners..", ROOT + ".cluster.leases..", ROOT + ".cluster.definitions..",
            ROOT + ".cluster.registry..", ROOT + ".cluster.hosting..", ROOT + ".cluster.ring..",
            ROOT + ".cluster.membership..", ROOT + ".cluster.peers..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".cluster.transport..", ROOT + ".cluster")
        .because("the transport implements the interfaces of cluster.peers, and the node (package "
            + "cluster) only assembles the parts: neither is a dependency of the parts")
        .check(provider);
  }

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(provider);
  }

  @Test
  void thePublicApiDependsOnNothingInternal() {
    noClasses().that().resideInAPackage(ROOT)
        .should().dependOnClassesThat(internal())
        .because("PeanutConfiguration, NodeStatus and the exceptions are what applications "
            + "compile against; they must not drag the implementation along")
        .check(provider);
  }

  /** A class in one of the provider's packages below the root. */
  private static DescribedPredicate<JavaClass> internal() {
    return DescribedPredicate.describe("are in a package below " + ROOT,
        javaClass -> javaClass.getPackageName().startsWith(ROOT + "."));
  }
}
