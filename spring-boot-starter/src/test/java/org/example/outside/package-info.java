/** Types of a package that is not the application's, which a node refuses unless allowed. */
package org.example.outside;
