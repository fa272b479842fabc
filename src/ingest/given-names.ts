/**
 * Common given names (English, Spanish, Portuguese, French), accents folded. Used to tell
 * "President Pena Nieto" (two surnames) from "Secretary Luis Videgaray" (given name +
 * surname), to find people named without a title ("Gustavo Beliz", "Ron Klain"), and to see
 * where a post ends and a name begins ("Senior Director for the Western Hemisphere Juan Gonzalez").
 * A general list, not the people of any one briefing.
 */
export const GIVEN_NAMES = new Set(
  (
    'Aaron Abel Adam Adolfo Adrian Adriana Agustin Alan Alberto Alejandra Alejandro Alex Alexander Alexandra Alfonso Alfredo Alice Alicia Alma Alonso Alvaro Amanda Amy ' +
    'Ana Andres Andrea Andrew Andy Angel Angela Angelica Angelo Ann Anna Anne Anthony Antonio Antony Ariel Arturo Aurelio Barack Barbara Beatriz Ben Benjamin Bernardo Betsy Beth Bill Blanca Bob Brad Brandon Brian Bruce Bruno ' +
    'Camila Carl Carlos Carla Carmen Carol Carolina Caroline Catalina Catherine Cecilia Cesar Charles Charlie Chris Christian Christina Christine Christopher Chuck Cindy Claire Claudia Clara Colin Colleen Craig Cristina ' +
    'Dan Daniel Daniela Danielle Dave David Dean Deb Debbie Deborah Denis Dennis Diana Diane Diego Dom Dominic Donald Donna Doug Douglas Dolores Ed Eduardo Edward Elena Eli Elizabeth Ellen Elsa Emilio Emily Emma Enrique Eric Erica Erin Ernesto Esteban Eugenio Eva Evan ' +
    'Fernando Federico Felipe Felix Felicia Frank Francisco Gabe Gabriel Gabriela Gary Gavin George Gerardo Gilberto Gina Graciela Greg Gregory Guadalupe Guillermo Gustavo ' +
    'Hannah Harry Heather Hector Helen Henry Heriberto Hillary Hugo Ian Ignacio Ildefonso Irma Isaac Isabel Ivan Jack Jackie Jacob Jaime Jair Jake James Jamie Jane Janet Jason Javier Jay Jean Jeff Jeffrey Jen Jennifer Jeremy Jerry Jesse Jessica Jessie Jesus Jill Jim Jimmy Joan Joanna Joaquin Jody Joe Joel John Johnny Jon Jonathan Jorge Jose Josefina Joseph Josh Joshua Juan Juana Judy Julia Julian Julie Julio Justin ' +
    'Kamala Karen Karine Karla Kate Katherine Kathleen Kathy Katie Keith Kelly Ken Kenneth Kevin Kim Kristen Kurt Kyle Larry Laura Lauren Leon Leonardo Leticia Linda Lisa Liz Lloyd Lorena Lori Louis Lourdes Lucas Lucia Luis Luisa Luiz Luke ' +
    'Manuel Marc Marcelo Marco Marcos Margaret Margarita Maria Marie Mario Mark Marta Martha Martin Mary Matt Matthew Mauricio Megan Melissa Mercedes Michael Michelle Miguel Mike Miriam Mitch Monica Nancy Natalia Nathan Nayib Ned Nicholas Nick Nicolas Nicole Norma ' +
    'Octavio Olga Oliver Omar Oscar Pablo Pam Pat Patricia Patrick Paul Paula Pedro Pete Peter Phil Philip Priscilla Rachel Rafael Ramon Randy Raquel Raul Ray Rebecca Rex Richard Rick Ricardo Rob Robert Roberta Roberto Rodrigo Rogelio Ron Ronald Rosa Rosario Ross Ruben Russell Ruth Ryan ' +
    'Salvador Sam Samantha Samuel Sandra Santiago Sara Sarah Scott Sean Sebastian Sergio Seth Sharon Silvia Sofia Sophie Stacy Stephanie Stephen Steve Steven Susan Susana Suzanne ' +
    'Ted Teresa Terry Thomas Tim Timothy Todd Tom Tomas Tommy Tony Tracy Valeria Vanessa Vicente Victor Victoria Vincent Virgilio Walter Wendy William Xavier Xiomara Yolanda Zach Zachary'
  ).split(/\s+/),
);

/** Whether a (capitalised) word is a common given name; accents do not matter. */
export function isGivenName(word: string): boolean {
  return GIVEN_NAMES.has(word.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
}
