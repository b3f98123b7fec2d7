package io.peanutcache.etcd;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The etcd registry's place, as rules over its compiled classes: it reaches into the provider only
 * through the registry interface, the few types that interface speaks in and the public API, and
 * its public types are only {@link EtcdRegistry} and what it hands the provider.
 */
class EtcdArchitectureTest {

  private static final String ROOT = "io.peanutcache";

  private static JavaClasses etcd;

  @BeforeAll
  static void importTheEtcdModule() {
    etcd = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(ROOT + ".etcd");
  }

  @Test
  void theRegistryUsesOnlyTheProvidersRegistryInterfaceAndItsTerms() {
    noClasses().that().resideInAPackage(ROOT + ".etcd..")
        .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAnyPackage(ROOT, ROOT + ".etcd..",
            ROOT + ".cluster.registry..", ROOT + ".cluster.membership..", ROOT + ".cluster.hosting..",
            ROOT + ".cluster.peers..", ROOT + ".settings..", ROOT + ".threads.."))))
        .because("the node, the transport and the JSR-107 surface are the provider's own; the registry "
            + "serves them through cluster.registry, in the terms of that interface and the public API")
        .check(etcd);
  }

  @Test
  void onlyTheRegistryIsPublicBesideTheTypesItHandsOut() {
    classes().that().resideInAPackage(ROOT + ".etcd").and().arePublic()
        .should().haveSimpleNameStartingWith("Etcd")
        .because("the provider finds EtcdRegistry, and holds the EtcdMembership and EtcdCatalog it gives")
        .check(etcd);
  }

  @Test
  void nothingOutsideTheEtcdPackageIsInTheModule() {
    noClasses().should().resideOutsideOfPackage(ROOT + ".etcd..").check(etcd);
  }
}
