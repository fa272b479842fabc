/**
 * Common given names (English and Spanish), used only to tell "President Pena Nieto" (two
 * surnames) from "Secretary Luis Videgaray" (given name + surname) in Spanish-speaking
 * countries' names.
 */
export const GIVEN_NAMES = new Set(
  (
    'Aaron Abel Adam Adolfo Adrian Adriana Agustin Alan Alberto Alejandra Alejandro Alex Alexander Alfonso Alfredo Alicia Alma Alonso Alvaro Amanda ' +
    'Ana Andres Andrea Andrew Angel Angela Angelica Anne Anthony Antonio Ariel Arturo Aurelio Barack Beatriz Benjamin Bernardo Betsy Bill Blanca Bob ' +
    'Carlos Carla Carmen Carolina Catalina Cecilia Cesar Charles Chris Christopher Claudia Clara Cristina Daniel Daniela David Diana Diego Donald ' +
    'Dolores Eduardo Elena Elizabeth Elsa Emilio Enrique Ernesto Esteban Eugenio Eva Fernando Federico Felipe Felix Francisco Gabriel Gabriela ' +
    'George Gerardo Gilberto Graciela Guadalupe Guillermo Gustavo Hector Heriberto Hugo Ignacio Ildefonso Irma Isabel Ivan Jaime Janet Javier ' +
    'Jeff Jennifer Jesus Jim Joaquin John Jorge Jose Josefina Juan Juana Julian Julio Karla Laura Leonardo Leticia Lorena Lourdes Lucia Luis ' +
    'Luisa Manuel Marcelo Marco Marcos Margarita Maria Mario Mark Marta Martha Martin Mauricio Mercedes Michael Miguel Mike Monica Nancy ' +
    'Nicolas Norma Octavio Olga Omar Oscar Pablo Patricia Paula Pedro Rafael Ramon Raul Rex Ricardo Roberto Rodrigo Rosa Rosario Ruben Salvador ' +
    'Samuel Santiago Sara Sergio Silvia Sofia Susana Teresa Tomas Vicente Victor Victoria Virgilio Xavier Yolanda'
  ).split(/\s+/),
);
