<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CounterWindow</name>
    <message numerus="yes">
        <source>%n print job(s) did not print. Check the printer (power, cable, paper), then retry.</source>
        <translation>
            <numerusform>%n print job did not print. Check the printer (power, cable, paper), then retry.</numerusform>
            <numerusform>%n print jobs did not print. Check the printer (power, cable, paper), then retry.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n citizen(s) waiting for this counter&apos;s services.</source>
        <translation>
            <numerusform>%n citizen waiting for this counter&apos;s services.</numerusform>
            <numerusform>%n citizens waiting for this counter&apos;s services.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message numerus="yes">
        <source>%n record(s) waiting to be sent</source>
        <translation>
            <numerusform>%n record waiting to be sent</numerusform>
            <numerusform>%n records waiting to be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) need staff attention</source>
        <translation>
            <numerusform>%n record needs staff attention</numerusform>
            <numerusform>%n records need staff attention</numerusform>
        </translation>
    </message>
</context>
</TS>
